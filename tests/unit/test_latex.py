"""LaTeX in titles, names and venues becomes plain Unicode, quickly and without ever raising."""

import pytest

from analysis.bib.latex import latex_to_unicode

CASES = [
    pytest.param(r"Solja{\v{c}}i{\'c}", "Soljačić", id="caron-and-acute-braced"),
    pytest.param(r"Solja\v{c}i\'{c}", "Soljačić", id="caron-and-acute-unbraced"),
    pytest.param(r"Schr{\"o}dinger", "Schrödinger", id="umlaut"),
    pytest.param(r"Schr\"odinger", "Schrödinger", id="umlaut-bare"),
    pytest.param(r"Nov{\'a}k and {\O}stergaard", "Novák and Østergaard", id="slash-o"),
    pytest.param(r"Fran\c{c}ois Stra{\ss}e", "François Straße", id="cedilla-and-eszett"),
    pytest.param(r"Ba\v{s}i\'{c} and Ma{\l}ek", "Bašić and Małek", id="l-stroke"),
    pytest.param(r"{\"\i}", "ï", id="dotless-i"),
    pytest.param(r"Physics \& {AI}", "Physics & AI", id="escaped-ampersand"),
    pytest.param(r"100\% of 5\$", "100% of 5$", id="escaped-percent-and-dollar"),
    pytest.param(r"a\_b \{x\}", "a_b {x}", id="escaped-underscore-and-braces"),
    pytest.param(
        r"{KAN}: Kolmogorov-Arnold Networks",
        "KAN: Kolmogorov-Arnold Networks",
        id="protected-capitals",
    ),  # fmt: skip
    pytest.param(r"Pages 1--10 --- done", "Pages 1–10 — done", id="dashes"),
    pytest.param(r"{$\alpha$}-{PDE}s and $\Omega$", "α-PDEs and Ω", id="greek-math"),
    pytest.param(r"$\mathcal{O}(n)$ time", "O(n) time", id="style-in-math"),
    pytest.param(r"\emph{Grokking} \textbf{fast}", "Grokking fast", id="style-macros"),
    pytest.param(r"$\sqrt{x}$", "√x", id="math-root"),
    pytest.param(r"{\noopsort{araujo}}de Araujo", "de Araujo", id="noopsort-prints-nothing"),
    pytest.param(r"\url{https://x.org/a_b--c}", "https://x.org/a_b--c", id="url-verbatim"),
    pytest.param(r"Wait\ldots{} and \dots", "Wait… and …", id="ellipses"),
    pytest.param(r"\mbox{Nature} \textit{and} \textsc{Science}", "Nature and Science", id="boxes"),
    pytest.param(r"{\em Drosophila} {\bf genes}", "Drosophila genes", id="font-switches"),
    pytest.param(r"\LaTeX{} \& \TeX", "LaTeX & TeX", id="logos"),
    pytest.param(
        r"\LaTeXe, \AmSTeX{} and \MF\ fonts", "LaTeX2ε, AMS-TeX and METAFONT fonts", id="more-logos"
    ),
    pytest.param(r"AND\slash OR graphs", "AND/OR graphs", id="slash"),
    pytest.param(
        r"Roads,$\backslash$nVirginia and $A \setminus B$",
        "Roads,\\nVirginia and A⧵B",
        id="mendeley-backslash-in-math",
    ),
    pytest.param(r"0.72 \textmu m and 5 \textpm{} 1", "0.72 µm and 5 ± 1", id="textcomp"),
    pytest.param(
        r"\mkbibquote{Intention} in the \mkbibemph{Alexiad}",
        "“Intention” in the Alexiad",
        id="biblatex-markup",
    ),
    pytest.param(
        r"methodology\hyphen independent", "methodology-independent", id="biblatex-hyphen"
    ),
    pytest.param(r"M\"{u}ller--Schmidt~2", "Müller–Schmidt 2", id="accent-dash-tie"),
    pytest.param(r"\unknownmacro{arg} stays", r"\unknownmacro{arg} stays", id="unknown-kept"),
    pytest.param(
        r"CTAN{\Dash}the archive", r"CTAN\Dash{}the archive", id="unknown-kept-apart-from-a-word"
    ),
    pytest.param(r"The {\TeX}book", "The TeXbook", id="known-command-in-a-group"),
    pytest.param(r"\v{} on nothing", "ˇ on nothing", id="accent-on-nothing-prints-it"),
    pytest.param(r"\v on", "ǒn", id="accent-takes-the-next-letter"),
    pytest.param(r"\enquote{divide-and-conquer}", "“divide-and-conquer”", id="csquotes"),
    pytest.param(r"Costs {\textdollar}5", "Costs $5", id="lone-escaped-dollar"),
    pytest.param(r"$x^$ and 5$", "x^ and 5$", id="malformed-math-kept"),
    pytest.param(r"``Quoted'' text", "\u201cQuoted\u201d text", id="tex-quotes"),
    pytest.param("Thomas~Y. Hou", "Thomas Y. Hou", id="tie-is-a-space"),
    pytest.param("  many \n spaces\t", "many spaces", id="whitespace"),
    pytest.param("Jürgen", "Jürgen", id="unicode-passes-through"),
]


@pytest.mark.parametrize(("latex", "expected"), CASES)
def test_latex_to_unicode(latex, expected):
    assert latex_to_unicode(latex) == expected


@pytest.mark.parametrize(
    "latex",
    [
        pytest.param("{", id="lone-brace"),
        pytest.param("\\", id="lone-backslash"),
        pytest.param(r"\unknownmacro{", id="unclosed-macro"),
        pytest.param("$$ $", id="dollars"),
        pytest.param(r"\v", id="accent-without-letter"),
    ],
)
def test_malformed_latex_never_raises(latex):
    assert isinstance(latex_to_unicode(latex), str)
