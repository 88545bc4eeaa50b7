"""The review status of each UI catalog, from ``i18n/catalog-status.toml``."""
from __future__ import annotations

import tomllib
from functools import lru_cache

from webapp.l10n import CATALOG_DIR


@lru_cache(maxsize=1)
def catalog_statuses() -> dict[str, dict]:
    return tomllib.loads((CATALOG_DIR / "catalog-status.toml").read_text(encoding="utf-8"))


def catalog_is_draft(code: str) -> bool:
    return catalog_statuses().get(code, {}).get("status", "draft") == "draft"
