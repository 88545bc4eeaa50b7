"""Uploading pictures and audio for a page (being written)."""
