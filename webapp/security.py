"""Hardening headers. No inline script is ever served, so the
Content-Security-Policy needs no 'unsafe-inline' for scripts.

Every response carries a Content-Security-Policy: documents (HTML, and
scripts, which carry the service worker's own policy) the full one; anything
else a short one that forbids everything, in case it is ever opened as a
page. A 304 gets no headers of its own (the browser keeps the stored ones).
Every header is paid for by the phone, on every request: keep them short."""
from flask import Flask

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

ALWAYS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}
# frame-ancestors replaces X-Frame-Options; resident pages embed nothing, so a
# Permissions-Policy would only cost bytes.
DOCUMENTS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cross-Origin-Opener-Policy": "same-origin",
}
DOCUMENT_TYPES = {"text/html", "text/javascript", "application/javascript"}


def init_app(app: Flask) -> None:
    @app.after_request
    def add_security_headers(response):
        if response.status_code == 304:
            return response
        headers = {**ALWAYS, **DOCUMENTS} if response.mimetype in DOCUMENT_TYPES else ALWAYS
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
