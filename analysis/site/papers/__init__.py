"""The product: paper lists, citations, BibTeX files, the filter form and JSON-LD."""
