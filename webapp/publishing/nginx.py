"""The nginx configuration that serves the published snapshot itself and
hands everything else to gunicorn (``flask --app wsgi nginx-config``;
``make serve`` writes and runs it; docs/deploy.md explains it).

nginx answers a resident page from ``published/site`` when there is a file
for it (a query string always goes to the app: search, feedback forms), and
the app files from ``static/`` with a year's caching; the packs, the API,
the staff pages, media and every miss go to gunicorn. The security headers
are the app's own (webapp/security.py), so a page reads the same whoever
serves it."""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from webapp.publishing import snapshot
from webapp.security import ALWAYS, DOCUMENTS

ONE_YEAR = 365 * 24 * 3600


def _headers(headers: dict[str, str], extra: str = "") -> str:
    lines = [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    return "\n      ".join(lines + ([extra] if extra else []))


def config(*, listen: str, upstream: str, folder: Path) -> str:
    """``listen``: nginx's address; ``upstream``: gunicorn's; ``folder``: where
    nginx keeps its pid and temporary files."""
    published = snapshot.root().resolve()
    static = Path(current_app.static_folder).resolve()
    page_headers = _headers({**ALWAYS, **DOCUMENTS}, 'add_header Cache-Control "no-cache" always;')
    file_headers = _headers(ALWAYS, f'add_header Cache-Control "public, max-age={ONE_YEAR}, immutable" always;')
    return f"""# Made by `flask --app wsgi nginx-config` (webapp/publishing/nginx.py).
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
  # No access log: a resident's address is never written down (docs/design.md).
  access_log off;
  server_tokens off;
  client_body_temp_path {folder}/tmp; proxy_temp_path {folder}/tmp; fastcgi_temp_path {folder}/tmp;
  uwsgi_temp_path {folder}/tmp; scgi_temp_path {folder}/tmp;
  sendfile on; tcp_nopush on;
  keepalive_timeout 75s; keepalive_requests 10000;
  types {{
    text/html html; text/css css; text/javascript js; application/json json; image/svg+xml svg;
    image/png png; image/jpeg jpg jpeg; image/webp webp; font/woff2 woff2; audio/mpeg mp3; audio/ogg ogg;
  }}
  default_type application/octet-stream;
  charset utf-8; charset_types text/css text/javascript application/json image/svg+xml;  # and text/html
  # Pages are published with a .gz beside them (gzip -9, made once); app
  # files are compressed here for phones that ask.
  gzip_static on;
  gzip on; gzip_comp_level 9; gzip_vary on; gzip_min_length 256;
  gzip_types text/css text/javascript application/json image/svg+xml;

  upstream veiviser {{ server {upstream}; keepalive 32; }}

  server {{
    listen {listen};
    root {published};

    location = /sw.js {{ proxy_pass http://veiviser; include {folder}/proxy.conf; }}

    location /static/ {{
      alias {static}/;
      {file_headers}
    }}

    # A resident page (/<lang>/<centre>/...): from the snapshot when it is
    # published; with a query, or not published, from the app.
    location ~ "^/[a-z]{{2,3}}/[a-z0-9-]+/" {{
      error_page 418 = @app;
      if ($args) {{ return 418; }}
      default_type text/html;
      try_files /site$uri.html /site${{uri}}index.html /site$uri @app;
      {page_headers}
    }}

    location / {{ proxy_pass http://veiviser; include {folder}/proxy.conf; }}
    location @app {{ proxy_pass http://veiviser; include {folder}/proxy.conf; }}
  }}
}}
"""


PROXY = """proxy_http_version 1.1;
proxy_set_header Connection "";
proxy_set_header Host $http_host;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_set_header X-Forwarded-For $remote_addr;
proxy_buffering on;
"""
