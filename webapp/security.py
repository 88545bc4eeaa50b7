"""Hardening headers. No inline script is ever served, so the
Content-Security-Policy needs no 'unsafe-inline' for scripts.

Every response carries a Content-Security-Policy: documents (HTML, and the
service worker, which carries its own policy) the full one; anything else a
short one that forbids everything, in case it is ever opened as a page. A
304 gets no headers of its own (the browser keeps the stored ones). Every
header is paid for by the phone, on every request: keep them short."""
from flask import Flask, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
# frame-ancestors replaces X-Frame-Options; resident pages embed nothing, so a
# Permissions-Policy would only cost bytes. The referrer policy is a
# document's: what it links to learns nothing of where the resident was.
DOCUMENTS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
}
# A script the page loads takes the page's policy; the service worker is a
# document of its own.
SERVICE_WORKER = "/sw.js"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def init_app(app: Flask) -> None:
    trust_proxies(app)

    @app.before_request
    def refuse_nul():
        """A NUL in an address or a form is never meant, and PostgreSQL
        refuses it in text: a clear 400, not an error deep inside."""
        fields = [*request.args.items(multi=True)]
        if request.mimetype in FORM_TYPES:
            fields += request.form.items(multi=True)
        if "\x00" in request.path or any("\x00" in key + value for key, value in fields):
            abort(400)

    @app.after_request
    def add_security_headers(response):
        if response.status_code == 304:
            return response
        is_document = response.mimetype == "text/html" or request.path == SERVICE_WORKER
        headers = {**ALWAYS, **DOCUMENTS} if is_document else ALWAYS
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies (README), the client's address
    and scheme come from their X-Forwarded-For and X-Forwarded-Proto headers:
    otherwise every sign-in would seem to come from the proxy. Never more
    than are really there: a client could then name any address it likes."""
    count = app.config.get("TRUSTED_PROXIES", 0)
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
