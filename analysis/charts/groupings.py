"""The groupings ``stats`` counts by, apart from the counting so the command line can list them
without importing pandas."""

# --by choices -> the columns counted over. A paper with several themes counts once per theme.
GROUPINGS = {
    "year,venue_type": ("year", "venue_type"),
    "year,venue": ("year", "venue"),
    "year": ("year",),
    "venue": ("venue",),
    "venue_type": ("venue_type",),
    "theme": ("theme",),
}
