"""The page frame: asset trimming, HTML fixes, tab titles, static copy, search and the 404 page."""
