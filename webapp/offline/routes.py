"""What a phone needs to keep the site offline: the service worker and app
icons (no language in their URLs), the web app manifest, the offline
settings page and the "not saved yet" page. (The pages themselves come in
packs: webapp/publishing.)"""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.offline import pwa_views, resident_views


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    pwa = Blueprint("pwa", __name__)
    pwa.add_url_rule("/sw.js", view_func=pwa_views.service_worker)
    pwa.add_url_rule("/app-files", view_func=pwa_views.app_files)
    pwa.add_url_rule("/icons/<int:size>.png", view_func=pwa_views.icon)
    app.register_blueprint(pwa)

    resident.add_url_rule("/<lang>/<centre>/manifest.webmanifest", view_func=resident_views.web_app_manifest)
    resident.add_url_rule("/<lang>/<centre>/offline", view_func=resident_views.offline_settings)
    resident.add_url_rule("/<lang>/<centre>/unavailable", view_func=resident_views.unavailable)
