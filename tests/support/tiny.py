"""The tiny book of the paper-list tests: four papers and one page per directive filter.

Every line of its bibliography matters to a test; `write_tiny_book` writes it (or another
bibliography and pages) with the one tiny-book writer, ``support.book.write_book``.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.book import write_book

BIB = r"""% A tiny bibliography: every line matters to a test below.

@inproceedings{owner2023grok,
  title = {Omnigrok: Grokking Beyond Algorithmic Data},
  author = {Liu, Ziming and Michaud, Eric J. and Tegmark, Max},
  booktitle = {The Eleventh International Conference on Learning Representations (Oral)},
  year = {2023},
  eprint = {2210.01117},
  archiveprefix = {arXiv},
  code = {https://github.com/KindXiaoming/Omnigrok},
  themes = {physics-of-ai},
  selected = {true},
  equal_contribution = {1, 2},
}

@article{other2021pfgm,
  title = {Poisson Flow Generative Models},
  author = {Xu, Yilun and Liu, Ziming and others},
  journal = {Physical Review Letters},
  year = {2021},
  doi = {10.1103/PhysRevLett.126.180604},
  themes = {physics-for-ai},
  decision = {Venue from the CV.},
}

@article{evil2022,
  title = {Safe <script>alert("title")</script> Title},
  author = {Solja{\v{c}}i{\'c}, Marin and Liu, Ziming},
  journal = {arXiv preprint arXiv:2201.00001},
  year = {2022},
  pdf = {https://example.org/a"onmouseover="alert(1).pdf},
  themes = {physics-of-ai},
}

@inproceedings{early2020,
  title = {A Workshop Paper},
  author = {Tegmark, Max and Liu, Ziming},
  booktitle = {NeurIPS 2020 Workshop on Machine Learning and the Physical Sciences},
  year = {2020},
  themes = {physics-of-ai},
}
"""

CONFIG = """\
title: Tiny
author: Test
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  extra_extensions:
    - analysis.site.papers
  config:
    portfolio_owner:
      - Ziming Liu
    portfolio_bibliography: references.bib
    portfolio_publications_page: all
    portfolio_themes:
      - {slug: physics-of-ai, title: Physics of AI, chapter: theme}
      - {slug: physics-for-ai, title: Physics for AI}
"""

# page name -> directive options; one page per filter.
PAGES = {
    "all": "",
    "flat": ":group-by: none",
    "theme": ":theme: physics-of-ai",
    "selected": ":selected:",
    "years": ":years: 2021-2022",
    "since": ":years: 2022-",
    "venues": ":venue-type: journal, workshop",
    "author": ":author: marin soljacic",
    "compact": ":style: compact\n:limit: 2\n:theme: physics-of-ai",
    "filtered": ":filter:",
}
PLAIN_PAGE = "plain"  # uses no directive: must not be re-read when references.bib changes
# Prose citing a paper its own list shows, and one only the publications page ("all") shows.
CITING_PAGE = (
    "cites",
    "Grokking: {paper}`owner2023grok`. Flows: {paper}`PFGM <other2021pfgm>`.\n\n"
    ":::{publications}\n:selected:\n:::\n",
)


def write_tiny_book(root: Path, bib: str = BIB, pages: dict[str, str] = PAGES) -> Path:
    """A book with `bib` and one page per entry of `pages` holding a publications block."""
    texts = {"index": "# Tiny\n\nA tiny book.\n"}
    for name, options in pages.items():
        body = f":::{{publications}}\n{options}\n:::\n" if options else ":::{publications}\n:::\n"
        texts[name] = f"# {name}\n\n{body}"
    texts[PLAIN_PAGE] = "# Plain\n\nNo papers here.\n"
    if pages is PAGES:
        texts[CITING_PAGE[0]] = f"# Cites\n\n{CITING_PAGE[1]}"
    return write_book(root, config=CONFIG, bib=bib, pages=texts)


# Titles as real exporters write their math (the title tests).
MATH_TITLES_BIB = r"""
@article{nu2012,
  title = {Observation of Electron-Antineutrino Disappearance of $\bar\nu_e$ at {Daya} {Bay}},
  author = {An, F. P. and Liu, Ziming},
  journal = {Physical Review Letters},
  year = {2012},
}

@article{co2020,
  title = {H$_2$CO and $^{12}$CO Emission at 5 km s$^{-1}$ in {Orion}},
  author = {Liu, Ziming},
  journal = {The Astrophysical Journal},
  year = {2020},
}

@inproceedings{dblp2019,
  title = {Lower Bounds for AC\({}^{\mbox{0}}\) Circuits},
  author = {Liu, Ziming},
  booktitle = {Symposium on Theory of Computing},
  year = {2019},
}

@article{evil2021,
  title = {Safe <script>alert("x")</script> \& $K^\ast$ Zeldovich Title},
  author = {Liu, Ziming},
  journal = {Physical Review Letters},
  year = {2021},
}
"""
