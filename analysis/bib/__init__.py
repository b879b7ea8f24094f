"""BibTeX, read and written: load, validate and normalise a bibliography into papers and located
problems; the page filters; append entries to a file in its own style.

The bottom layer. It imports nothing of ``charts``, ``site`` or ``cli`` (only ``settings`` and
``paths``), and no Sphinx, docutils, pandas or matplotlib, so checking a file stays fast.
"""
