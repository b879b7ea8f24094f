"""Sphinx extension: the search index stems words as the search page's script does.

Sphinx indexes English with Snowball's Porter stemmer (Python) but stems the reader's query with
its own JavaScript Porter stemmer, and the two disagree (sphinx-doc/sphinx issue #13535). One
disagreement hides papers from this site's search: after taking off "-ing" or "-ed", the script
undoubles any final double consonant but l, s and z, Snowball only b, d, f, g, m, n, p, r and t.
So "grokking" was indexed as "grokk" and searched as "grok", and the publications page, whose
titles say "Grokking", was not found. The index here undoubles as the script does.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish

_DOUBLE = re.compile(r"([^aeiouylsz])\1$")


class ScriptCompatibleEnglish(SearchEnglish):
    def stem(self, word: str) -> str:
        stem = super().stem(word)
        if word.lower().endswith(("ing", "ed")) and _DOUBLE.search(stem):
            return stem[:-1]
        return stem


def setup(app: Sphinx) -> dict:
    app.add_search_language(ScriptCompatibleEnglish)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
