"""``flask --app wsgi <command>``: database, demo content and catalogs."""
from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from models import Page, migrate
from webapp import db
from webapp.demo.seed import seed_demo
from webapp.l10n.catalogs import cli as translations_cli
from webapp.l10n.languages import LANGUAGES
from webapp.l10n.status import catalog_statuses


@click.command("db-upgrade")
def db_upgrade_command():
    """Migrate the database to the newest schema."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@click.command("seed-demo")
def seed_demo_command():
    """Load (or update) the demo centre, topics and pages. Safe to run twice."""
    session = db.session()
    changes = seed_demo(session)
    session.commit()
    click.echo("Demo content: " + ", ".join(f"{n} {what}" for what, n in changes.items()) + " added or changed.")


@click.command("setup")
def setup_command():
    """Migrate, and load the demo content if the database has no pages yet."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    session = db.session()
    if session.scalar(select(func.count(Page.id))) == 0:
        seed_demo(session)
        session.commit()
        click.echo("Empty database: demo content loaded.")
    else:
        click.echo("Database is up to date.")


@click.command("catalog-status")
def catalog_status_command():
    """Show the review status of each language's UI catalog."""
    statuses = catalog_statuses()
    for code, language in LANGUAGES.items():
        entry = statuses.get(code, {})
        click.echo(f"{code:4} {language.english_name:30} {entry.get('status', 'missing')}")


def init_app(app: Flask) -> None:
    for command in (
        db_upgrade_command,
        seed_demo_command,
        setup_command,
        catalog_status_command,
        translations_cli,
    ):
        app.cli.add_command(command)
