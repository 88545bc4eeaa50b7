"""Every URL of the content feature: what residents read (the pickers, home,
topics, pages, help, privacy, and the pages' pictures and audio), and the
nurse's editor, media, translator exchange, topics and overview."""
from __future__ import annotations

from flask import Blueprint, Flask
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.content import resident_views, staff_exchange, staff_media, staff_overview, staff_pages, staff_topics


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/", view_func=resident_views.language_picker)
    resident.add_url_rule("/<lang>/", view_func=resident_views.centre_picker)
    resident.add_url_rule("/<lang>/<centre>/", view_func=resident_views.home)
    resident.add_url_rule("/<lang>/<centre>/topics/<slug>", view_func=resident_views.topic)
    resident.add_url_rule("/<lang>/<centre>/pages/<slug>", view_func=resident_views.page)
    resident.add_url_rule("/<lang>/<centre>/help", view_func=resident_views.help_now)
    resident.add_url_rule("/<lang>/<centre>/privacy", view_func=resident_views.privacy)

    media = Blueprint("media", __name__)  # no language in these URLs: one file serves every language
    media.add_url_rule("/media/<int:media_id>/<filename>", view_func=resident_views.media_file, endpoint="file")
    app.register_blueprint(media)

    staff.add_url_rule("/", view_func=staff_overview.dashboard)
    staff.add_url_rule("/pages", view_func=staff_pages.pages)
    staff.add_url_rule("/pages/new", view_func=staff_pages.new_page, methods=["GET", "POST"])
    staff.add_url_rule("/pages/<int:page_id>", view_func=staff_pages.edit_page)
    staff.add_url_rule("/pages/<int:page_id>/source", view_func=staff_pages.save_source, methods=["POST"])
    staff.add_url_rule(
        "/pages/<int:page_id>/translations/<lang>", view_func=staff_pages.save_page_translation, methods=["POST"]
    )
    staff.add_url_rule(
        "/pages/<int:page_id>/notes/<lang>", view_func=staff_pages.save_note_translations, methods=["POST"]
    )
    staff.add_url_rule("/pages/<int:page_id>/settings", view_func=staff_pages.save_page_settings, methods=["POST"])
    staff.add_url_rule("/pages/<int:page_id>/publish", view_func=staff_pages.publish_page, methods=["POST"])
    staff.add_url_rule("/pages/<int:page_id>/review", view_func=staff_pages.review_page, methods=["POST"])
    staff.add_url_rule("/pages/<int:page_id>/preview/<lang>", view_func=staff_pages.preview_page)
    staff.add_url_rule("/pages/<int:page_id>/preview/<lang>/frame", view_func=staff_pages.preview_frame)
    staff.add_url_rule("/pages/<int:page_id>/render", view_func=staff_pages.render_page_text, methods=["POST"])
    staff.add_url_rule("/pages/<int:page_id>/history", view_func=staff_pages.page_history)
    staff.add_url_rule("/pages/<int:page_id>/revert/<int:number>", view_func=staff_pages.revert_page, methods=["POST"])

    staff.add_url_rule("/pages/<int:page_id>/media", view_func=staff_media.upload_media, methods=["POST"])
    staff.add_url_rule("/media/<int:media_id>/delete", view_func=staff_media.delete_page_media, methods=["POST"])
    staff.add_url_rule("/media/<int:media_id>", view_func=staff_media.media_preview)
    staff.register_error_handler(RequestEntityTooLarge, staff_media.upload_too_large)

    staff.add_url_rule("/translations", view_func=staff_exchange.translations)
    staff.add_url_rule("/translations/<lang>/export.po", view_func=staff_exchange.export_translations)
    staff.add_url_rule(
        "/translations/<lang>/import", view_func=staff_exchange.import_translations, methods=["POST"]
    )

    staff.add_url_rule("/topics", view_func=staff_topics.topics)
    staff.add_url_rule("/topics/<int:topic_id>", view_func=staff_topics.save_topic, methods=["POST"])
