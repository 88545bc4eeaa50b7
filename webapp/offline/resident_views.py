"""The web app manifest, the offline settings page and the "not saved yet" page."""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _

from webapp.l10n import current_language, enabled_languages
from webapp.offline.icons import SIZES
from webapp.resident.page_cache import not_cached

THEME_COLOUR = "#0b5563"


@not_cached  # not a page
def web_app_manifest():
    language = current_language()
    icons = [
        {"src": f"/icons/{size}.png", "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any maskable"}
        for size in SIZES
    ]
    manifest = {
        "name": _("Veiviser: information for you"),
        "short_name": _("Veiviser"),
        "description": _("Information about your rights and services in Norway, in your language."),
        "lang": language.code,
        "dir": language.dir,
        "id": url_for(".home"),
        "start_url": url_for(".home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f2f6f7",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    response = current_app.response_class(
        current_app.json.dumps(manifest), mimetype="application/manifest+json"
    )
    response.cache_control.no_cache = True
    return response


def offline_settings():
    return render_template("resident/offline.html", languages=enabled_languages())


def unavailable():
    """Shown by the service worker for a page that is not saved on this phone."""
    return render_template("resident/unavailable.html")
