"""Citation metrics: the committed metrics file beside references.bib, read and written, and
what is computed from it (totals, h-index, i10-index, citations per year). Imports only ``bib``:
charts, the CV, the site and the command line all read it, and nothing here touches the network.
"""
