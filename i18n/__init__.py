"""The UI catalogs: ``messages`` (what residents see, all 16 languages) and
``staff`` (the staff pages, Norwegian and English), as ``<code>/LC_MESSAGES/
<domain>.po``, with their templates (``*.pot``), the extraction settings
(``babel*.cfg``) and each catalog's review status (``catalog-status.toml``).

A package only so that ``pip install .`` carries these files along: code
finds them through ``CATALOG_DIR`` wherever the app is installed."""
from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent
