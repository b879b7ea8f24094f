"""Author lists: splitting, display names, and matching the owner however the name is written."""

import pytest

from analysis.bib.loader import parse_bibliography
from analysis.bib.names import (
    OwnerMatcher,
    display_name,
    name_key,
    parse_name,
    shorten_authors,
    split_authors,
)
from analysis.settings import Settings


@pytest.mark.parametrize(
    ("field", "authors"),
    [
        pytest.param(
            "Liu, Ziming and Tegmark, Max", ["Liu, Ziming", "Tegmark, Max"], id="last-first"
        ),
        pytest.param("Ziming Liu AND Max Tegmark", ["Ziming Liu", "Max Tegmark"], id="upper-and"),
        pytest.param(
            "{Barnes and Noble} and Liu, Ziming",
            ["{Barnes and Noble}", "Liu, Ziming"],
            id="braced-and",
        ),
        pytest.param("Liu, Ziming and\n  others", ["Liu, Ziming", "others"], id="others"),
        pytest.param("  ", [], id="blank"),
    ],
)
def test_split_authors(field, authors):
    assert split_authors(field) == authors


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        pytest.param("Liu, Ziming", "Ziming Liu", id="last-first"),
        pytest.param("Ziming Liu", "Ziming Liu", id="first-last"),
        pytest.param(r"Solja{\v{c}}i{\'c}, Marin", "Marin Soljačić", id="latex-accents"),
        pytest.param(r"Schr{\"o}dinger, Erwin", "Erwin Schrödinger", id="umlaut"),
        pytest.param("Hou, Jr, Thomas Y.", "Thomas Y. Hou Jr", id="junior"),
        pytest.param("{Google DeepMind}", "Google DeepMind", id="corporate"),
        pytest.param("{van der Waals}, Johannes", "Johannes van der Waals", id="braced-last"),
        pytest.param("Marin Soljačić", "Marin Soljačić", id="unicode"),
    ],
)
def test_display_name(raw, name):
    assert display_name(raw) == name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Marin Soljačić", "marin soljacic", id="accents-and-case"),
        pytest.param("Thomas Y. Hou", "Thomas Y Hou", id="dots"),
        pytest.param("Tie-Yan Liu", "Tie Yan Liu", id="hyphen"),
    ],
)
def test_name_key_ignores_spelling_details(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_people_apart():
    assert name_key("Ziming Liu") != name_key("Zimin Liu")


@pytest.mark.parametrize(
    ("raw", "name", "marked"),
    [
        pytest.param(r"\textbf{Zhu, W.}", "W. Zhu", False, id="textbf"),
        pytest.param(r"{\textbf{Zhu}}, W.", "W. Zhu", False, id="textbf-last"),
        pytest.param(r"\underline{Wei Zhu}", "Wei Zhu", False, id="underline"),
        pytest.param(r"{\myname{\myname{Ginsburg}}}, A.", "A. Ginsburg", False, id="own-macro"),
        pytest.param(r"{\noopsort{araujo}}de Araujo, J.", "J. de Araujo", False, id="noopsort"),
        pytest.param("Einstein*†, A.", "A. Einstein", True, id="alfolio-markers"),
        pytest.param(r"Liu, Ziming$^{*}$", "Ziming Liu", True, id="math-star"),
        pytest.param(r"Liu$^\dagger$, Ziming", "Ziming Liu", True, id="math-dagger"),
        pytest.param(r"Ziming Liu\textsuperscript{*}", "Ziming Liu", True, id="textsuperscript"),
        pytest.param(
            "{LIGO Scientific Collaboration}",
            "LIGO Scientific Collaboration",
            False,
            id="collaboration",
        ),  # fmt: skip
        pytest.param(
            "Collaboration, LIGO Scientific",
            "LIGO Scientific Collaboration",
            False,
            id="scholar-collaboration",
        ),  # fmt: skip
        pytest.param(r"Sch{\"o}lkopf, Bernhard", "Bernhard Schölkopf", False, id="accent-kept"),
    ],
)
def test_markup_and_markers_are_not_part_of_the_name(raw, name, marked):
    assert parse_name(raw) == (name, marked)


OWNER = OwnerMatcher(["Alan J. M. Thomson", "Alan Thomsen"])


@pytest.mark.parametrize(
    ("display", "is_owner"),
    [
        pytest.param("Alan J. M. Thomson", True, id="full"),
        pytest.param("A. J. M. Thomson", True, id="initials"),
        pytest.param(display_name("Thomson, A.~J.~M."), True, id="ads-ties"),
        pytest.param("Alan Thomson", True, id="no-middle"),
        pytest.param("A. Thomson", True, id="first-initial"),
        pytest.param("AJM Thomson", True, id="initials-together"),
        pytest.param("Thomson AJM", True, id="pubmed-last-first"),
        pytest.param("Thomson A. J.", True, id="endnote-last-first"),
        pytest.param("Alán Thomsón", True, id="accents"),
        pytest.param("Alan Thomsen", True, id="config-variant"),
        pytest.param("B. Thomson", False, id="other-initial"),
        pytest.param("Alice Thomson", False, id="other-first-name"),
        pytest.param("Alan J. M. Thompson", False, id="other-last-name"),
        pytest.param("others", False, id="others"),
    ],
)
def test_the_owner_in_every_form_of_their_name(display, is_owner):
    assert OWNER(display) is is_owner


@pytest.mark.parametrize(
    ("owner", "raw", "is_owner"),
    [
        pytest.param("Jan de Leeuw", "De Leeuw, J.", True, id="particle-capitalised-in-bib"),
        pytest.param("Jan De Leeuw", "de Leeuw, Jan", True, id="particle-capitalised-owner"),
        pytest.param("Jan de Leeuw", "Jan De Leeuw", True, id="particle-capitalised-first-last"),
        pytest.param("Jan de Leeuw", "Leeuw, Jan", False, id="particle-missing"),
        pytest.param("Ludwig van Beethoven", "Van Beethoven, L.", True, id="van"),
        pytest.param("堀口翔太", "堀口, 翔太", True, id="cjk-owner-unspaced"),
        pytest.param("翔太 堀口", "堀口, 翔太", True, id="cjk-owner-given-first"),
        pytest.param("堀口 翔太", "堀口, 翔太", True, id="cjk-owner-family-first"),
        pytest.param("堀口翔太", "堀口翔太", True, id="cjk-bib-unspaced"),
        pytest.param("翔太 堀口", "堀口 翔太", True, id="cjk-bib-spaced"),
        pytest.param("堀口翔太", "堀口, 健太", False, id="cjk-other-given-name"),
        pytest.param("堀口翔太", "Shota Horiguchi", False, id="cjk-owner-latin-name"),
        pytest.param("刘子鸣", "刘, 子鸣", True, id="chinese"),
        pytest.param("刘子鸣", "刘子", False, id="chinese-prefix"),
    ],
)
def test_owner_particles_and_cjk_names(owner, raw, is_owner):
    assert OwnerMatcher([owner])(display_name(raw)) is is_owner


def test_a_native_and_a_romanised_owner_name_both_match():
    owner = OwnerMatcher(["Ziming Liu", "刘子鸣"])
    assert owner(display_name("Liu, Ziming")) and owner(display_name("刘, 子鸣"))
    assert not owner(display_name("刘, 明"))


def test_no_owner_matches_no_one():
    assert not OwnerMatcher([])("Ziming Liu")


@pytest.mark.parametrize(
    ("n", "owner", "shown"),
    [
        pytest.param(3, (1,), [0, 1, 2], id="short-list-whole"),
        pytest.param(10, (), list(range(10)), id="at-the-limit"),
        pytest.param(12, (), [0, 1, 2, range(3, 11), 11], id="no-owner"),
        pytest.param(
            800,
            (400,),
            [0, 1, 2, range(3, 399), 399, 400, 401, range(402, 799), 799],
            id="owner-in-the-middle",
        ),  # fmt: skip
        pytest.param(800, (1,), [0, 1, 2, range(3, 799), 799], id="owner-near-the-head"),
        pytest.param(800, (799,), [0, 1, 2, range(3, 798), 798, 799], id="owner-last"),
    ],
)
def test_shorten_authors_around_the_owner(n, owner, shown):
    assert shorten_authors(n, owner) == shown
    kept = [i for item in shown for i in (item if isinstance(item, range) else [item])]
    assert kept == list(range(n))  # every author is shown or counted, once, in order


def test_an_800_author_paper_keeps_every_author():
    names = " and ".join(f"Author{i}, A." for i in range(799)) + " and Thomson, A. J. M. and others"
    text = f"@article{{big, title={{T}}, author={{{names}}}, journal={{Nature}}, year={{2020}}}}\n"
    settings = Settings(owner=("Alan J. M. Thomson",))
    [paper] = parse_bibliography(text, "x.bib", settings).papers
    assert len(paper.authors) == 801 and paper.et_al
    assert paper.owner_positions == (799,)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("堀口, 翔太", "堀口翔太"),
        ("堀口翔太", "堀口翔太"),
        ("李, 明华", "李明华"),
        ("Horiguchi, Shota", "Shota Horiguchi"),
    ],
)
def test_cjk_names_keep_the_family_name_first_without_a_space(raw, shown):
    assert display_name(raw) == shown
