"""Meetings: listing them for residents, the calendar file, and the rules for
creating and changing them (the check-in code format lives in webapp/checkin)."""
