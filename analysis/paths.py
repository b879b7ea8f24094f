"""Locations computed from the package itself; nothing happens at import time."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_BIB = "references.bib"
VENUE_TABLE = PACKAGE_DIR / "bib" / "venues.yaml"
STATIC_DIR = PACKAGE_DIR / "site" / "static"
