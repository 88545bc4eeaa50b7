"""Translator exchange: export and import of translations (being written)."""
