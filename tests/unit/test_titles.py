"""Titles keep every character: TeX math becomes MathML on the page and plain Unicode elsewhere.

The shapes are those real exporters write (ADS, INSPIRE, DBLP, arXiv); the fixtures are ours.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.bib.latex import _simple_parts, _Text, latex_to_unicode, title_html, title_parts
from analysis.bib.loader import parse_bibliography
from analysis.bib.texmath import SYMBOLS, math_to_mathml
from analysis.settings import Settings

# source title -> (plain Unicode, fragments the HTML must hold)
SHAPES = [
    pytest.param(
        r"Search for $B\to K^\ast\mu^+\mu^-$ decays",
        "Search for B→K*μ⁺μ⁻ decays",
        ["<msup><mi>K</mi><mo>*</mo></msup>", "<msup><mi>μ</mi><mo>+</mo></msup>"],
        id="inspire-superscript-commands",
    ),
    pytest.param(
        r"Bounds on $\langle\sigma v\rangle$",
        "Bounds on ⟨σv⟩",
        ["<mi>⟨</mi><mi>σ</mi><mi>v</mi><mi>⟩</mi>"],
        id="angle-brackets",
    ),
    pytest.param(
        r"Disappearance of $\bar\nu_e$",
        "Disappearance of ν̄e",
        ['<msub><mover><mi>ν</mi><mo stretchy="true">¯</mo></mover><mi>e</mi></msub>'],
        id="antineutrino",
    ),
    pytest.param(
        r"A $\sqrt\alpha$ law", "A √α law", ["<msqrt><mi>α</mi></msqrt>"], id="root-unbraced"
    ),
    pytest.param(
        r"$\overline{B}^0$ mixing",
        "B̄⁰ mixing",
        ['<mo stretchy="true" accent="true">‾</mo></mover><mn>0</mn></msup>'],
        id="antiparticle-overline",
    ),
    pytest.param(
        r"Lower Bounds for AC\({}^{\mbox{0}}\)",
        "Lower Bounds for AC⁰",
        ["AC<math", "<mtext>0</mtext>"],
        id="dblp-paren-delimiters",
    ),
    pytest.param(
        r"H$_2$CO in $^{12}$CO clouds at 5 km s$^{-1}$",
        "H₂CO in ¹²CO clouds at 5 km s⁻¹",
        ["H<math", "<mn>2</mn></msub></mrow></math>CO", "<mo>−</mo><mn>1</mn>"],
        id="ads-chemistry-and-units",
    ),
    pytest.param(
        "H_2CO and ^12CO at km s^-1",
        "H₂CO and ¹²CO at km s⁻¹",
        ["H<math", "<mn>12</mn>", "<mo>−</mo><mn>1</mn>"],
        id="bare-scripts-outside-math",
    ),
    pytest.param(
        r"An $\mathcal{O}(n)$ algorithm", "An O(n) algorithm", ["<mi>𝒪</mi>"], id="mathcal"
    ),
    pytest.param(r"{$\alpha$}-{PDE}s", "α-PDEs", ["<mi>α</mi></mrow></math>-PDEs"], id="braced"),
    pytest.param(r"The $z\sim 6$ quasars", "The z∼6 quasars", ["<mo>∼</mo>"], id="sim-relation"),
    pytest.param(
        r"A $10^{10}\,M_\odot$ black hole",
        "A 10¹⁰ M⊙ black hole",
        ["<msub><mi>M</mi><mo>⊙</mo></msub>"],
        id="solar-mass",
    ),
    pytest.param(
        r"The $\Lambda$CDM model at \ensuremath{z>1}",
        "The ΛCDM model at z>1",
        ["<mi>Λ</mi>", "<mo>&gt;</mo>"],
        id="ensuremath",
    ),
    pytest.param(r"Proof that \[E=mc^2\]", "Proof that E=mc²", ["<mn>2</mn>"], id="display"),
    pytest.param(r"$\lsim$ 1\%", "≲ 1%", ["<mi>≲</mi>"], id="symbol-latex2mathml-lacks"),
    pytest.param(
        r"Fast \emph{and} Exact---Almost", "Fast and Exact—Almost", [], id="text-mode-only"
    ),
    pytest.param(
        r"A {\ensuremath{\sim}} 15 M $_{{\ensuremath{\odot}}}$ YSO at 20 km"
        r" s$^{{\ensuremath{-}}1}$",
        "A ∼ 15 M ⊙ YSO at 20 km s⁻¹",
        ["<mo>⊙</mo>", "<mo>−</mo>"],
        id="ads-ensuremath-in-math",
    ),
    pytest.param(
        r"Theorem for {\textdollar}{\textbackslash}mathrm\{AC\}{\^{}}0[{\textbackslash}oplus]"
        r"{\textdollar} via Coins",
        "Theorem for AC⁰[⊕] via Coins",
        ['<mi mathvariant="normal">A</mi>', "<mo>⊕</mo>"],
        id="dblp-escaped-tex",
    ),
    pytest.param(
        r"More on AC{\^{}}0 circuits", "More on AC⁰ circuits", ["AC<math"], id="dblp-caret"
    ),
    pytest.param(
        r"Complete for {\#}NC\({}^{\mbox{1}}\)", "Complete for #NC¹", ["#NC<math"], id="dblp-nc1"
    ),
    pytest.param(
        r"Fourier without the $e^i$", "Fourier without the ei", ["<msup>"], id="letter-up"
    ),
]


@pytest.mark.parametrize(("source", "plain", "fragments"), SHAPES)
def test_real_title_shapes(source, plain, fragments):
    assert latex_to_unicode(source) == plain
    html = title_html(source)
    for fragment in fragments:
        assert fragment in html
    assert html.count("<math") == sum(kind == "math" for kind, _ in title_parts(source))
    _assert_no_raw_tex(html)
    assert _text_of(html).replace("\u00a0", " ").split() != []


@pytest.mark.parametrize(
    ("source", "escaped"),
    [
        pytest.param(r"$\text{<script>alert(1)</script>}$", "&lt;script&gt;", id="in-math-text"),
        pytest.param(r"$a & b$", "&amp;", id="ampersand-in-math"),
        pytest.param(r"Safe <script>alert('x')</script> & $x$", "&lt;script&gt;", id="in-text"),
        pytest.param(r'$\mbox{"quoted"}$', "&quot;quoted&quot;", id="quotes"),
        pytest.param(
            r"$\operatorname{</math><img src=x onerror=alert(1)>}$",
            'alttext="&lt;/math>&lt;img',
            id="close-math",
        ),
    ],
)
def test_title_html_is_escaped(source, escaped):
    html = title_html(source)
    assert escaped in html
    assert "<script" not in html and "<img" not in html and html.count("</math>") <= 1
    _text_of(html)  # well-formed: every < is a tag of ours


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        pytest.param(r"Model $x^$ fit", "x^", id="script-of-nothing"),
        pytest.param(r"A $\frac{1}{$ b", "{", id="unclosed-group"),
        pytest.param(r"An $\unknowncmd{x}$ here", r"\unknowncmd", id="unknown-math-command"),
        pytest.param(r"The \weirdmacro{X} kept", r"\weirdmacro{X}", id="unknown-text-command"),
        pytest.param(r"Price 5$ only", "5$", id="lone-dollar"),
    ],
)
def test_what_cannot_be_rendered_stays_as_tex_source(source, kept):
    assert kept in latex_to_unicode(source)
    assert kept.replace("&", "&amp;") in _text_of(title_html(source)) or kept in title_html(source)


def test_malformed_math_falls_back_to_its_plain_text():
    # latex2mathml raises on "\left(" without "\right": the title shows the plain form instead.
    assert math_to_mathml(r"\left( x", "( x") is None
    assert title_html(r"A $\left( x$ b") == "A (x b"


@pytest.mark.parametrize("name", sorted(n for n in SYMBOLS if n.isalpha()))
def test_every_symbol_we_know_reaches_the_mathml(name):
    """Our symbol table and latex2mathml agree, or our fix-up puts our symbol in."""
    html = title_html("$\\" + name + "$")
    assert "\\" not in html or name == "backslash", html  # no command left unconverted
    assert SYMBOLS[name] in _text_of(html) or name in (
        # latex2mathml's choice of the same sign, or the lunate/curly forms TeX prints.
        "ast", "epsilon", "phi", "varnothing", "emptyset", "mid", "dots", "vert", "perp",
    )  # fmt: skip


def test_paper_title_and_title_html_from_a_bibliography():
    bib = r"""@article{a, title = {H$_2$CO at $z\sim 1$ \& {Beyond}}, author = {Liu, Ziming},
      journal = {ApJ}, year = {2024}}"""
    paper = parse_bibliography(bib, "refs.bib", Settings(owner=("Ziming Liu",))).papers[0]
    assert paper.title == "H₂CO at z∼1 & Beyond"
    assert paper.title_html.startswith("H<math") and "&amp; Beyond" in paper.title_html


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        pytest.param(r"{H$_2$CO} in Orion", r"H$_{2}$CO in {O}rion", True, id="same-math"),
        pytest.param(r"H$_2$CO in Orion", r"H_2CO in Orion", True, id="bare-script"),
        pytest.param(r"H$_2$CO in Orion", "H2CO in Orion", True, id="script-is-its-digit"),
        pytest.param(r"H$_2$CO in Orion", r"H$_3$CO in Orion", False, id="digit-counts"),
        pytest.param(r"$\mathcal{O}(n)$ sorting", "O(n) Sorting", True, id="styled-letter"),
    ],
)
def test_duplicate_detection_reads_the_plain_title(first, second, same):
    bib = "".join(
        f"@article{{k{i}, title = {{{title}}}, author = {{Liu, Ziming}}, journal = {{ApJ}}, "
        f"year = {{2024}}}}\n"
        for i, title in enumerate((first, second))
    )
    problems = parse_bibliography(bib, "refs.bib", Settings(owner=("Ziming Liu",))).problems
    assert any("same title" in p.message for p in problems) is same


# --- Property: every letter and digit of the source's math is in the rendered title ---------

LETTERS = st.sampled_from("abcxyzABKMNOR0123456789")
COMMANDS = st.sampled_from(
    [r"\alpha", r"\mu", r"\nu", r"\Omega", r"\sigma", r"\langle", r"\rangle", r"\ast", r"\sim",
     r"\odot", r"\pm", r"\to", r"\infty", r"\partial", r"\ell"]
)  # fmt: skip
WORDS = st.text(alphabet="abcxyz 0123", min_size=1, max_size=8).filter(lambda w: w.strip())


def _math(children):
    unary = st.sampled_from(
        [r"\bar", r"\overline", r"\hat", r"\tilde", r"\vec", r"\sqrt", r"\mathrm", r"\mathcal",
         r"\mathbf", r"\mathbb", r"\boldsymbol", ""]
    )  # fmt: skip
    return st.one_of(
        st.builds(lambda a, b: f"{{{a}}}^{{{b}}}", children, children),
        st.builds(lambda a, b: f"{{{a}}}_{{{b}}}", children, children),
        st.builds(lambda c, a: f"{c}{{{a}}}", unary, children),
        st.builds(lambda a, b: rf"\frac{{{a}}}{{{b}}}", children, children),
        st.builds(lambda n, a: rf"\sqrt[{n}]{{{a}}}", LETTERS, children),
        st.builds(lambda w: rf"\text{{{w}}}", WORDS),
        st.builds(lambda a: rf"\left({a}\right)", children),
        st.builds(lambda a, b: f"{a} {b}", children, children),
    )


MATH = st.recursive(st.one_of(LETTERS, COMMANDS), _math, max_leaves=8)
TEXT = st.sampled_from(["", "Fast ", r"Schr\"odinger's ", "H", "{KAN} ", r"\emph{On} "])
DELIMITERS = st.sampled_from([("$", "$"), (r"\(", r"\)"), (r"\ensuremath{", "}")])


def _alnum(text: str) -> Counter:
    """ASCII letters and digits, with styled, scripted and accented forms folded to them."""
    return Counter(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum())


def _source_alnum(tex: str) -> Counter:
    return _alnum(re.sub(r"\\[A-Za-z]+", "", tex))  # command names are not the title's letters


@settings(max_examples=300, deadline=None, database=None)
@given(TEXT, MATH, DELIMITERS, TEXT)
def test_every_letter_and_digit_of_the_math_is_rendered(before, math, delimiters, after):
    source = f"{before}{delimiters[0]}{math}{delimiters[1]} {after}"
    expected = _source_alnum(source)
    assert not expected - _alnum(latex_to_unicode(source)), latex_to_unicode(source)
    html = title_html(source)
    assert "<math" in html, html  # well-formed math always becomes MathML, never the fallback
    assert not expected - _alnum(_text_of(html)), html
    _assert_no_raw_tex(html)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(st.sampled_from(["a", " ", "{", "}", "-", "--", "~", "`", "'", "``", "''", "$x$"])))
def test_the_fast_reader_agrees_with_the_full_one(pieces):
    text = "".join(pieces)
    simple = _simple_parts(text)
    if simple is not None:
        assert _joined(simple) == _joined(_Text(text).read())


TEXISH = st.lists(
    st.sampled_from(["$", "\\(", "\\)", "{", "}", "^", "_", "\\", "\\frac", "\\left(", "\\text{",
                     "\\'", "\\v", "a", "1", " ", "<", "&", "--", "~", "\\sqrt[", "]", "\\url{"])
).map("".join)  # fmt: skip


@settings(max_examples=500, deadline=None, database=None)
@given(st.one_of(TEXISH, st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30)))
def test_any_text_gives_a_title_and_well_formed_html(text):
    assert isinstance(latex_to_unicode(text), str)
    _text_of(title_html(text))


def _joined(parts) -> str:
    return "".join(value if kind == "text" else f"${value}$" for kind, value in parts)


# --- helpers ---------------------------------------------------------------------------------


def _text_of(html: str) -> str:
    """The text a reader gets from a title's HTML (parsing fails on any unescaped markup)."""
    root = ElementTree.fromstring(f"<p>{html}</p>")
    return "".join(root.itertext())


def _assert_no_raw_tex(html: str) -> None:
    text = _text_of(html)
    assert not re.search(r"[\\${}^_]", text), text
