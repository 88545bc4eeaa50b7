"""Every URL of check-in: the QR code's own address and the phone's check-in
page; the host's display with its codes and live count; and the outbox's
"checkin" item, verified in ``sync_item``."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.checkin import resident_views, staff_views, sync_item


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/c", view_func=resident_views.checkin_entry)
    resident.add_url_rule("/<lang>/<centre>/checkin", view_func=resident_views.checkin)
    staff.add_url_rule("/meetings/<int:meeting_id>/display", view_func=staff_views.meeting_display)
    staff.add_url_rule("/meetings/<int:meeting_id>/codes.json", view_func=staff_views.meeting_codes)
    staff.add_url_rule("/meetings/<int:meeting_id>/count.json", view_func=staff_views.meeting_count)
    sync_item.register()
