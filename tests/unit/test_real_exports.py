"""Real exports that used to fail: @comment blocks, forthcoming papers, raw TeX left in text."""

import pytest
import yaml

from analysis.bib.filters import newest_first
from analysis.bib.labels import venue_label
from analysis.bib.latex import latex_to_unicode, title_html
from analysis.bib.loader import parse_bibliography
from analysis.bib.model import FORTHCOMING, FORTHCOMING_LABEL
from analysis.bib.names import OwnerMatcher, display_name
from analysis.charts import frame, prose
from analysis.settings import Settings
from analysis.site.papers.jsonld import article
from tests.support.book import FIXTURES, REPO

OWNER = Settings(owner=("Ziming Liu",))


def parse(text):
    return parse_bibliography(text, "refs.bib", OWNER)


def test_comment_blocks_are_skipped_whole_and_forthcoming_papers_come_first():
    path = FIXTURES / "comments_and_forthcoming.bib"
    bibliography = parse(path.read_text(encoding="utf-8"))
    assert bibliography.errors == []
    papers = sorted(bibliography.papers, key=newest_first)
    assert [p.key for p in papers] == ["toappear", "inpress", "published", "older"]
    assert [p.year_label for p in papers] == [FORTHCOMING_LABEL, FORTHCOMING_LABEL, "2021", "2020"]
    assert [p.forthcoming for p in papers] == [True, True, False, False]


def test_an_unclosed_comment_block_is_still_reported():
    text = "@comment{ @article{a, title={T}, author={A}, year={2020}, journal={J}}\n"
    bibliography = parse(text)
    assert bibliography.errors, "an unbalanced @comment must not hide the rest of the file"


def test_comment_blocks_keep_line_numbers():
    text = "@comment{\n@article{x,\n}\n}\n@article{bad,\n  title = {T},\n  year = {2020}\n}\n"
    [problem] = parse(text).errors
    assert (problem.line, problem.key) == (5, "bad")
    assert "missing author" in problem.message


@pytest.mark.parametrize(
    "year",
    [
        "To Appear",
        "to appear",
        "Forthcoming",
        "{In Press}",
        "in press",
        "Accepted",
        "submitted",
        "Under Review",
        "In review",
    ],
)
def test_forthcoming_words_make_a_forthcoming_paper(year):
    [paper] = parse(
        f"@article{{a, title={{T}}, author={{Liu, Ziming}}, journal={{J}}, year={{{year}}}}}"
    ).papers
    assert paper.forthcoming and paper.year_label == FORTHCOMING_LABEL


@pytest.mark.parametrize("year", ["soon", "n.d.", "to be decided", "19xx"])
def test_any_other_word_is_still_not_a_year(year):
    bibliography = parse(
        f"@article{{a, title={{T}}, author={{A}}, journal={{J}}, year={{{year}}}}}"
    )
    [problem] = bibliography.errors
    assert "is not a year" in problem.message and "forthcoming" in problem.message


@pytest.mark.parametrize(
    ("tex", "plain"),
    [
        pytest.param(r"Gel\cprime fand", "Gelʹfand", id="mathscinet-cprime"),
        pytest.param(r"Kolmogorov{\cprime}s theorem", "Kolmogorovʹs theorem", id="cprime-braced"),
        pytest.param(r"Lu\'\i{}s", "Luís", id="inspire-dotless-i"),
        pytest.param(r"Zaj\polhk{a}c and \Dbar oković", "Zając and Đoković", id="mathscinet-polhk"),
        pytest.param(r"Cz\polhk e\'{s}\'{c}", "Część", id="mathscinet-polhk-unbraced"),
        pytest.param(
            r"Observation of ${B}^{+}$\rightarrow${}{K}^{+}{$\ell${}}^{+}{$\ell${}}^{-}$ decays",
            "Observation of B⁺→K⁺ℓ⁺ℓ⁻ decays",
            id="inspire-split-math",
        ),
        pytest.param(r"$a$ and $b$ with $\ell$", "a and b with ℓ", id="separate-formulas-stay"),
        pytest.param(r"$x$\ldots$y$", "x…y", id="text-command-between-formulas"),
    ],
)
def test_raw_tex_of_real_exports_becomes_text(tex, plain):
    assert latex_to_unicode(tex) == plain
    assert "\\" not in title_html(tex) and "{" not in title_html(tex)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (r"Lu\'\i{}s, Jo\~ao", "João Luís"),
        (r"Gel{\cprime}fand, I. M.", "I. M. Gelʹfand"),
        (r"{\noopsort{x}}de Araujo, Ana", "Ana de Araujo"),
    ],
)
def test_raw_tex_in_names_becomes_text(raw, shown):
    assert display_name(raw) == shown


@pytest.mark.parametrize(
    ("years", "said"),
    [
        (
            [2020, 2022, FORTHCOMING],
            "3 papers by Ziming Liu from 2020 to 2022 (1 of them forthcoming)",
        ),
        ([FORTHCOMING, FORTHCOMING], "2 papers by Ziming Liu (all forthcoming)"),
        ([2021, 2021], "2 papers by Ziming Liu in 2021, in"),
    ],
)
def test_the_record_counts_forthcoming_papers_apart(years, said):
    text = "".join(
        f"@article{{p{i}, title={{T{i}}}, author={{Liu, Ziming}}, journal={{J}}, "
        f"year={{{'to appear' if year == FORTHCOMING else year}}}}}\n"
        for i, year in enumerate(years)
    )
    papers = parse(text).papers
    summary = prose.record_summary(frame.headline_numbers(papers), frame.honours(papers), OWNER)
    assert summary.startswith(said)


def test_a_forthcoming_paper_has_no_year_on_its_badge_or_in_its_metadata():
    [paper] = parse("@article{a, title={T}, author={Liu, Ziming}, journal={Annals of Things}, "
                    "year={in press}}").papers  # fmt: skip
    assert venue_label(paper) == "Ann. Things (forthcoming)"  # ISO 4, as its field cites it
    assert "datePublished" not in article(paper, venue_label(paper))


def test_this_books_owner_is_recognised_in_both_scripts():
    """cv.yaml's name and native-script name are both forms of the owner in _config.yml."""
    basics = yaml.safe_load((REPO / "cv.yaml").read_text(encoding="utf-8"))["basics"]
    is_owner = OwnerMatcher(Settings.from_book(REPO).owner)
    for name in (basics["name"], basics["nativeName"]):
        assert is_owner(display_name(name)), name
