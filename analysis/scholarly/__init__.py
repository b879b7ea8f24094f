"""The scholarly record: DOIs, arXiv, ORCID, OpenAlex and DBLP, read over one HTTP layer.

Above ``bib`` (it turns records into BibTeX entries), below ``cli`` (``add``, ``sync``, ``init``
and ``metrics`` fetch through it). Only these commands touch the network: never a build, a page
or a test (tests serve recorded-shape responses from a local server).
"""
