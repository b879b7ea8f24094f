"""The Sphinx site: the extensions that load the bibliography once per build, list papers on
pages, write the site data, and trim and fix the theme's HTML.

Above ``bib`` and ``charts``; imports nothing of ``cli``. Enabled in ``_config.yml``.
"""
