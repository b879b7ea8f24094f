"""TeX macros that BibTeX files rely on without defining: the AASTeX journal macros and months.

NASA ADS exports write ``journal = {\\apj}``: the macro comes from AASTeX's ``aas_macros.sty``,
which expands each one to the journal's abbreviation. Decoded without the table, the venue is
empty and a journal paper silently becomes a preprint. The table below is aas_macros.sty's, as
published by the AAS (its expansions, ``\\&`` written as ``&``).
"""

from __future__ import annotations

import re

# aas_macros.sty: macro -> the abbreviation it prints.
JOURNAL_MACROS = {
    "aj": "AJ",
    "actaa": "Acta Astron.",
    "araa": "ARA&A",
    "apj": "ApJ",
    "apjl": "ApJL",
    "apjs": "ApJS",
    "ao": "Appl. Opt.",
    "apss": "Ap&SS",
    "aap": "A&A",
    "aapr": "A&A Rv",
    "aaps": "A&AS",
    "azh": "AZh",
    "baas": "BAAS",
    "bac": "Bull. astr. Inst. Czechosl.",
    "caa": "Chinese Astron. Astrophys.",
    "cjaa": "Chinese J. Astron. Astrophys.",
    "icarus": "Icarus",
    "jcap": "J. Cosmology Astropart. Phys.",
    "jrasc": "JRASC",
    "memras": "MmRAS",
    "mnras": "MNRAS",
    "na": "New A",
    "nar": "New A Rev.",
    "pra": "Phys. Rev. A",
    "prb": "Phys. Rev. B",
    "prc": "Phys. Rev. C",
    "prd": "Phys. Rev. D",
    "pre": "Phys. Rev. E",
    "prl": "Phys. Rev. Lett.",
    "pasa": "PASA",
    "pasp": "PASP",
    "pasj": "PASJ",
    "psj": "PSJ",
    "rmxaa": "Rev. Mexicana Astron. Astrofis.",
    "qjras": "QJRAS",
    "skytel": "S&T",
    "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.",
    "ssr": "Space Sci. Rev.",
    "zap": "ZAp",
    "nat": "Nature",
    "iaucirc": "IAU Circ.",
    "aplett": "Astrophys. Lett.",
    "apspr": "Astrophys. Space Phys. Res.",
    "bain": "Bull. Astron. Inst. Netherlands",
    "fcp": "Fund. Cosmic Phys.",
    "gca": "Geochim. Cosmochim. Acta",
    "grl": "Geophys. Res. Lett.",
    "jcp": "J. Chem. Phys.",
    "jgr": "J. Geophys. Res.",
    "jqsrt": "J. Quant. Spec. Radiat. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A",
    "physrep": "Phys. Rep.",
    "physscr": "Phys. Scr.",
    "planss": "Planet. Space Sci.",
    "procspie": "Proc. SPIE",
    "maps": "Meteoritics & Planetary Science",
    "rnaas": "Research Notes of the AAS",
}
# Not journals: these name proceedings or circulars, whatever the entry type says.
NON_JOURNAL_MACROS = frozenset({"procspie", "iaucirc", "baas"})
_NAMES = "|".join(sorted(JOURNAL_MACROS, key=len, reverse=True))
_MACRO_RE = re.compile(r"\\(" + _NAMES + r")(?![A-Za-z])")


def expand_journal_macros(text: str) -> str:
    """``\\apj`` -> ``ApJ``, wherever an AASTeX journal macro appears in `text`."""
    if "\\" not in text:
        return text
    return _MACRO_RE.sub(lambda m: JOURNAL_MACROS[m.group(1)], text)
