"""``flask --app wsgi <command>``: database, demo content and catalogs."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from models import STAFF_LANGUAGES, Centre, Page, Role, User, migrate
from webapp import clock, db
from webapp.config import CHECKIN_KEYS_FILE
from webapp.demo.seed import (
    DEMO_ACCOUNTS,
    DEMO_CENTRE,
    seed_demo,
    seed_demo_accounts,
    seed_demo_feedback,
    seed_demo_meetings,
)
from webapp.l10n.catalogs import cli as translations_cli
from webapp.l10n.languages import LANGUAGES
from webapp.l10n.status import catalog_statuses
from webapp.places import centres
from webapp.places.hours import HoursError
from webapp.privacy import mixing, retention
from webapp.staff.accounts import AccountError, create_user, generate_password, set_password


@click.command("db-upgrade")
@with_appcontext
def db_upgrade_command():
    """Migrate the database to the newest schema."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


def load_demo() -> None:
    session = db.session()
    changes = seed_demo(session)
    changes["meetings"] = seed_demo_meetings(session)
    changes["feedback responses"] = seed_demo_feedback(session)
    password = os.environ.get("DEMO_PASSWORD") or generate_password()
    try:
        created = seed_demo_accounts(session, password)
    except AccountError as error:
        raise click.UsageError(f"DEMO_PASSWORD: {error}") from error
    session.commit()
    click.echo("Demo content: " + ", ".join(f"{n} {what}" for what, n in changes.items()) + " added or changed.")
    click.echo(f"The demo centre's slug is '{DEMO_CENTRE}': residents read it at /en/{DEMO_CENTRE}/ (or /ar/..., ...).")
    if created:
        click.echo("Demo accounts " + ", ".join(created) + " can sign in at /staff/login")
        if not os.environ.get("DEMO_PASSWORD"):
            click.echo(f"with the password {password}  (shown once; set DEMO_PASSWORD to choose it)")
        click.echo("A new password later: flask --app wsgi demo-password")


@click.command("demo-password")
@with_appcontext
def demo_password_command():
    """Give the demo staff accounts a new password: DEMO_PASSWORD, or a new
    one that is printed once."""
    session = db.session()
    password = os.environ.get("DEMO_PASSWORD") or generate_password()
    users = session.scalars(select(User).where(User.email.in_([email for email, _r, _n in DEMO_ACCOUNTS])))
    changed = []
    for user in users:
        try:
            set_password(user, password)
        except AccountError as error:
            raise click.UsageError(f"DEMO_PASSWORD: {error}") from error
        changed.append(user.email)
    if not changed:
        raise click.UsageError("There are no demo accounts. Run `flask --app wsgi seed-demo` first.")
    session.commit()
    click.echo("New password for " + ", ".join(sorted(changed)) + (
        "." if os.environ.get("DEMO_PASSWORD") else f": {password}  (shown once)"
    ))


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load (or update) the demo centre, topics, pages and demo staff accounts.
    Safe to run twice."""
    load_demo()


@click.command("setup")
@with_appcontext
def setup_command():
    """Migrate, and load the demo if the database has no pages yet."""
    migrate.upgrade(current_app.config["DATABASE_URL"])
    if db.session().scalar(select(func.count(Page.id))) == 0:
        click.echo("Empty database: loading the demo.")
        load_demo()
    else:
        click.echo("Database is up to date.")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--centre", "centre_slugs", multiple=True, help="Slug of a centre the account works at (repeatable).")
@click.option("--name", default="", help="The name residents and colleagues see, e.g. on reviewed pages.")
@click.option("--language", type=click.Choice(STAFF_LANGUAGES), default="nb", show_default=True)
def create_user_command(email, role, centre_slugs, name, language):
    """Create a staff account. The password is read from standard input when it
    is not a terminal (so scripts can pipe it); otherwise it is asked for."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    session = db.session()
    centres = [session.scalar(select(Centre).where(Centre.slug == slug)) for slug in centre_slugs]
    unknown = [slug for slug, centre in zip(centre_slugs, centres, strict=True) if centre is None]
    if unknown:
        raise click.UsageError("Unknown centre: " + ", ".join(unknown))
    try:
        user = create_user(session, email, role=role, password=password, name=name, language=language, centres=centres)
    except AccountError as error:
        raise click.UsageError(str(error)) from error
    session.commit()
    click.echo(f"Created {user.role} account {user.email}.")


@click.command("create-centre")
@with_appcontext
@click.argument("slug")
@click.option("--name", required=True, help="The centre's name, as residents and staff see it.")
@click.option("--municipality", default="")
@click.option("--address", default="", help="Street address (shown to staff; distances use the location).")
@click.option("--location", default="", metavar="LAT,LON", help="Where the centre is, e.g. 59.9139,10.7522.")
@click.option("--timezone", default="Europe/Oslo", show_default=True, help="Opening hours are worked out in it.")
@click.option("--languages", default="", help='Main languages of the residents, e.g. "ar ti uk".')
@click.option("--nurse-hours", default="", help='The nurse\'s opening hours, e.g. "Mon-Fri 09:00-14:00".')
@click.option("--nurse-phone", default="")
@click.option("--reception-phone", default="")
def create_centre_command(slug, name, municipality, address, location, timezone, languages, nurse_hours,
                          nurse_phone, reception_phone):
    """Create a reception centre (an admin can change it later under Staff > Centres)."""
    try:
        latitude, longitude = (float(part) for part in location.split(",")) if location else (None, None)
    except ValueError:
        raise click.UsageError("--location: give it as LAT,LON, e.g. 59.9139,10.7522") from None
    fields = centres.CentreFields(
        slug=slug, name=name, municipality=municipality, address=address, latitude=latitude, longitude=longitude,
        timezone=timezone, main_languages=languages, nurse_hours=nurse_hours.replace(";", "\n"),
        nurse_phone=nurse_phone, reception_phone=reception_phone,
    )
    session = db.session()
    try:
        centre = centres.apply(session, None, fields)
    except (centres.CentreError, HoursError) as error:
        raise click.UsageError(str(error)) from error
    session.commit()
    click.echo(f"Created centre {centre.name}: residents read it at /<language>/{centre.slug}/")


@click.command("purge")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Only say what would be deleted.")
def purge_command(dry_run):
    """Apply the retention rules (docs/privacy.md): old feedback comments,
    check-in pseudonyms and feedback receipts of meetings whose feedback
    window has closed, old sync receipts, old questions to the nurse, expired
    push subscriptions. Counts stay. Run it daily (see the
    README); on PostgreSQL it also mixes and vacuums the residents' tables."""
    session = db.session()
    now = clock.now()
    counts = retention.count(session, now) if dry_run else retention.purge(session, now)
    click.echo(("Would delete" if dry_run else "Deleted") + ":")
    for what, number in counts.items():
        click.echo(f"  {number} {what}")
    if not dry_run:
        session.commit()
        mixing.mix(session, now)
        session.commit()
        mixing.vacuum(session)


@click.command("rotate-checkin-key")
@with_appcontext
def rotate_checkin_key_command():
    """Sign check-in codes with a new key from now on. The two previous keys
    still verify codes that wait on phones; older ones are dropped. Restart
    the app servers afterwards. Rotate at most every FEEDBACK_WINDOW_DAYS."""
    if os.environ.get("CHECKIN_KEYS"):
        raise click.UsageError("CHECKIN_KEYS is set: put a new key id and key first in it yourself.")
    keys = current_app.config["CHECKIN_KEYS"]
    newest = next(iter(keys))
    kid = next(k for k in (*range(newest + 1, 16), *range(1, newest)) if k not in keys)
    kept = [(kid, secrets.token_hex(32)), *((old, key.hex()) for old, key in list(keys.items())[:2])]
    path = Path(current_app.instance_path) / CHECKIN_KEYS_FILE
    temporary = path.with_suffix(".new")
    temporary.unlink(missing_ok=True)
    temporary.touch(mode=0o600)
    temporary.write_text("".join(f"{k} {key}\n" for k, key in kept))
    temporary.replace(path)
    click.echo(f"Check-in codes are now signed with key {kid}; keys {', '.join(str(k) for k, _ in kept[1:])} "
               "still verify them. Restart the app servers.")


@click.command("catalog-status")
@with_appcontext
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
        demo_password_command,
        setup_command,
        catalog_status_command,
        purge_command,
        rotate_checkin_key_command,
        create_user_command,
        create_centre_command,
        translations_cli,
    ):
        app.cli.add_command(command)
