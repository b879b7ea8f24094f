"""The CV layer: cv.yaml as validated data, and the typeset PDF CV built from it and the papers.

It may import ``bib`` (the papers), ``settings`` and ``paths``; never Sphinx, docutils, pandas or
matplotlib (``tests/test_layers.py``). ``site`` renders the CV pages from it, ``cli`` checks it.
"""
