"""Every URL of places and show-to-staff cards: what residents read (the
places near their centre, the cards to show at a counter) and what staff
edit, translate and review; and the centres themselves (an admin's)."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.places import exchange, resident_views, staff_cards, staff_centres, staff_places

POST = {"methods": ["POST"]}


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/<lang>/<centre>/places", view_func=resident_views.places)
    resident.add_url_rule("/<lang>/<centre>/places/<slug>", view_func=resident_views.place)
    resident.add_url_rule("/<lang>/<centre>/cards", view_func=resident_views.cards)
    resident.add_url_rule("/<lang>/<centre>/cards/<slug>", view_func=resident_views.card)

    staff.add_url_rule("/places", view_func=staff_places.places)
    staff.add_url_rule("/places/new", view_func=staff_places.new_place, methods=["GET", "POST"])
    staff.add_url_rule("/places/<int:item_id>", view_func=staff_places.edit_place)
    staff.add_url_rule("/places/<int:item_id>/facts", view_func=staff_places.save_place_facts, **POST)
    staff.add_url_rule("/places/<int:item_id>/source", view_func=staff_places.save_place_source, **POST)
    staff.add_url_rule("/places/<int:item_id>/translations/<lang>", view_func=staff_places.save_place_translation,
                       **POST)
    staff.add_url_rule("/places/<int:item_id>/checked", view_func=staff_places.mark_place_checked, **POST)
    staff.add_url_rule("/places/<int:item_id>/publish", view_func=staff_places.publish_place, **POST)
    staff.add_url_rule("/places/<int:item_id>/history", view_func=staff_places.place_history)
    staff.add_url_rule("/places/<int:item_id>/revert/<int:number>", view_func=staff_places.revert_place, **POST)

    staff.add_url_rule("/cards", view_func=staff_cards.cards)
    staff.add_url_rule("/cards/new", view_func=staff_cards.new_card, methods=["GET", "POST"])
    staff.add_url_rule("/cards/<int:item_id>", view_func=staff_cards.edit_card)
    staff.add_url_rule("/cards/<int:item_id>/source", view_func=staff_cards.save_card_source, **POST)
    staff.add_url_rule("/cards/<int:item_id>/translations/<lang>", view_func=staff_cards.save_card_translation,
                       **POST)
    staff.add_url_rule("/cards/<int:item_id>/norwegian-checked", view_func=staff_cards.mark_norwegian_checked,
                       **POST)
    staff.add_url_rule("/cards/<int:item_id>/publish", view_func=staff_cards.publish_card, **POST)
    staff.add_url_rule("/cards/<int:item_id>/history", view_func=staff_cards.card_history)
    staff.add_url_rule("/cards/<int:item_id>/revert/<int:number>", view_func=staff_cards.revert_card, **POST)

    staff.add_url_rule("/centres", view_func=staff_centres.centre_list)
    staff.add_url_rule("/centres/new", view_func=staff_centres.new_centre, methods=["GET", "POST"])
    staff.add_url_rule("/centres/<int:centre_id>", view_func=staff_centres.edit_centre, methods=["GET", "POST"])
    staff.add_url_rule("/centres/<int:centre_id>/staff", view_func=staff_centres.save_centre_staff, **POST)
    exchange.register()  # their texts go through the translator exchange too
