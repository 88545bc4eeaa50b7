"""The packs and the manifest phones download, the snapshot answering
resident pages, publishing after an edit, and ``flask publish``."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Blueprint, Flask
from flask.cli import with_appcontext

from webapp.publishing import nginx, publish, resident_views, serving


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/<lang>/<centre>/pack", view_func=resident_views.content_pack)
    resident.add_url_rule("/<lang>/<centre>/offline.json", view_func=resident_views.content_manifest)
    resident.before_request(serving.answer_from_snapshot)
    app.teardown_appcontext(serving.publish_at_teardown)
    app.cli.add_command(publish_command)
    app.cli.add_command(nginx_config_command)


@click.command("publish")
@with_appcontext
def publish_command():
    """Render every language at every centre into the snapshot (after a
    deploy, before nginx serves it; later edits publish themselves)."""
    started = time.monotonic()
    results = publish.publish_everything()
    rendered = sum(r.rendered for r in results)
    click.echo(f"Published {len(results)} languages × centres: {rendered} URLs rendered "
               f"in {time.monotonic() - started:.1f} s.")


@click.command("nginx-config")
@click.option("--listen", default="127.0.0.1:8080", show_default=True, help="nginx's address.")
@click.option("--upstream", default="127.0.0.1:5000", show_default=True, help="gunicorn's address.")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Where nginx keeps its pid and temporary files (proxy.conf is written there).")
@with_appcontext
def nginx_config_command(listen: str, upstream: str, folder: Path):
    """Print the nginx configuration that serves the published snapshot."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tmp").mkdir(exist_ok=True)
    (folder / "proxy.conf").write_text(nginx.PROXY)
    click.echo(nginx.config(listen=listen, upstream=upstream, folder=folder.resolve()))
