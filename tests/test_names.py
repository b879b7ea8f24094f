"""Author lists: splitting, display names, and matching the owner however the name is written."""

import pytest

from analysis.bib.names import display_name, name_key, split_authors


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
