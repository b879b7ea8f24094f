"""Tables and charts: papers counted into pandas tables, one matplotlib function per chart.

Above ``bib`` (papers in, tables and Axes out); imports nothing of ``site`` or ``cli``.
"""
