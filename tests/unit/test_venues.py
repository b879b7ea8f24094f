"""The venue table maps every raw venue form in the seeds and the al-folio export."""

import pytest

from analysis.bib.venuenames import name_key, parse_venue
from analysis.bib.venues import VenueTable, VenueTableError, arxiv_id_in_venue, load_rules
from analysis.paths import VENUE_TABLE

FORMS = [
    # raw venue, canonical venue, venue type, honours
    ("NeurIPS (Oral)", "NeurIPS", "conference", ("Oral",)),
    ("NeurIPS", "NeurIPS", "conference", ()),
    ("Advances in Neural Information Processing Systems", "NeurIPS", "conference", ()),
    (
        "Thirty-seventh Conference on Neural Information Processing Systems",
        "NeurIPS",
        "conference",
        (),
    ),
    ("NeurIPS 2021 AI4Science workshop", "NeurIPS workshop", "workshop", ()),
    ("NeurIPS 2021 AI for Science Workshop", "NeurIPS workshop", "workshop", ()),
    ("NeurIPS 2023 UniReps workshop", "NeurIPS workshop", "workshop", ()),
    (
        "UniReps: the First Workshop on Unifying Representations in Neural Models",
        "NeurIPS workshop",
        "workshop",
        (),
    ),
    (
        "NeurIPS 2023 Workshop on Symmetry and Geometry in Neural Representations",
        "NeurIPS workshop",
        "workshop",
        (),
    ),
    ("ICLR (Spotlight)", "ICLR", "conference", ("Spotlight",)),
    ("The Eleventh International Conference on Learning Representations", "ICLR", "conference", ()),
    ("ICLR 2024 BGPT workshop", "ICLR workshop", "workshop", ()),
    (
        "Proceedings of the 40th International Conference on Machine Learning",
        "ICML",
        "conference",
        (),
    ),
    ("ICML 2023 Workshop on Structured Probabilistic Inference", "ICML workshop", "workshop", ()),
    ("Physical Review Letter (Editor's suggestion)", "PRL", "journal", ("Editor's Suggestion",)),
    ("Physical Review Letters", "PRL", "journal", ()),
    ("Phys. Rev. Lett.", "PRL", "journal", ()),
    ("Physical review letters", "PRL", "journal", ()),
    ("Phys. Rev. E", "PRE", "journal", ()),
    ("Physical Review E", "PRE", "journal", ()),
    ("Phys. Rev. Res.", "PRR", "journal", ()),
    ("Physical Review Research", "PRR", "journal", ()),
    ("Phys. Rev. C", "PRC", "journal", ()),
    ("Phys. Rev. D", "PRD", "journal", ()),
    ("Physical Review X", "PRX", "journal", ()),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI", "conference", ()),
    ("Transactions on Machine Learning Research", "TMLR", "journal", ()),
    ("The European Physical Journal C", "EPJ C", "journal", ()),
    ("Eur. Phys. J. C", "EPJ C", "journal", ()),
    ("Entropy", "Entropy", "journal", ()),
    ("Nature", "Nature", "journal", ()),
    ("arXiv: 2310.02258", "arXiv", "preprint", ()),
    ("arXiv preprint arXiv:2310.02258", "arXiv", "preprint", ()),
    ("arXiv:2404.19756", "arXiv", "preprint", ()),
    ("arXiv", "arXiv", "preprint", ()),
    ("ICLR 2023 (Best Paper Award)", "ICLR", "conference", ("Best Paper Award",)),
]


@pytest.fixture(scope="module")
def table():
    return VenueTable((VENUE_TABLE,))


@pytest.mark.parametrize(
    ("raw", "venue", "venue_type", "honors"),
    [pytest.param(*form, id=form[0]) for form in FORMS],
)
def test_every_venue_form_is_classified(table, raw, venue, venue_type, honors):
    result = table.classify(raw)
    assert (result.name, result.type, result.honors, result.known) == (
        venue,
        venue_type,
        honors,
        True,
    )


def test_unknown_venue_keeps_its_words_and_says_so(table):
    result = table.classify("Journal of Obscure Results (Oral)")
    assert (result.name, result.type, result.honors, result.known) == (
        "Journal of Obscure Results",
        "other",
        ("Oral",),
        False,
    )


@pytest.mark.parametrize(
    ("raw", "arxiv_id"),
    [
        pytest.param("arXiv: 2310.02258", "2310.02258", id="colon-space"),
        pytest.param("arXiv preprint arXiv:2310.02258", "2310.02258", id="scholar"),
        pytest.param("arXiv:2404.19756v2", "2404.19756v2", id="versioned"),
        pytest.param("Nature", "", id="none"),
    ],
)
def test_arxiv_id_in_venue(raw, arxiv_id):
    assert arxiv_id_in_venue(raw) == arxiv_id


def test_user_table_rules_come_first(tmp_path):
    user = tmp_path / "venues.yaml"
    user.write_text("- {match: '^Entropy$', venue: Entropy (MDPI), type: journal}\n")
    assert VenueTable((user, VENUE_TABLE)).classify("Entropy").name == "Entropy (MDPI)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            "- {match: x, venue: X}\n",
            "rule 1: needs 'match', 'venue' and 'type'",
            id="missing-key",
        ),
        pytest.param(
            "- {match: x, venue: X, type: blog}\n", "rule 1: type must be one of", id="bad-type"
        ),
        pytest.param(
            "- {match: '(', venue: X, type: journal}\n",
            "rule 1: bad regular expression",
            id="bad-regex",
        ),
        pytest.param("match: x\n", "must be a list of rules", id="not-a-list"),
        pytest.param("- [unclosed\n", "is not valid YAML", id="bad-yaml"),
    ],
)
def test_bad_user_table_is_located(tmp_path, text, message):
    user = tmp_path / "venues.yaml"
    user.write_text(text)
    with pytest.raises(VenueTableError, match=message) as info:
        load_rules((user,))
    assert str(user) in str(info.value)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        pytest.param("Journal of The X Society", "Journal of The X Society", id="kept-as-written"),
        pytest.param(
            "Proceedings of the 37th Annual Meeting of X 2021",
            "Annual Meeting of X",
            id="proceedings-ordinal-year",
        ),  # fmt: skip
        pytest.param(
            "Proc. of the Thirty-Seventh Conference on Y", "Conference on Y", id="spelled-ordinal"
        ),  # fmt: skip
        pytest.param(
            "The Astrophysical Journal Research Notes",
            "Astrophysical Journal Research Notes",
            id="leading-the",
        ),  # fmt: skip
        pytest.param(
            "42nd International Symposium on MFCS, MFCS 2017, August 21-25, 2017",
            "MFCS",
            id="dblp-acronym",
        ),  # fmt: skip
        pytest.param(
            "STOC '21: 53rd Annual ACM Symposium on Theory of Computing",
            "STOC",
            id="acronym-short-year",
        ),  # fmt: skip
        pytest.param("Conference on Nuclear Methods (M&C 2025)", "M&C", id="acronym-in-parens"),
        pytest.param("J. Open Source Softw.", "J. Open Source Softw.", id="abbreviation-dot-kept"),
    ],
)
def test_canonical_names_fold_what_varies_between_editions(raw, name):
    parsed = parse_venue(raw)
    assert (parsed.short or parsed.long) == name


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("Journal of The X", "Journal of the X", id="the-case"),
        pytest.param("journal of the x", "Journal of the X", id="case"),
        pytest.param("Journal of the X", "The Journal of X", id="the-anywhere"),
    ],
)
def test_venue_keys_fold_case_and_the(a, b):
    assert name_key(a) == name_key(b)


def test_venues_in_other_scripts_are_told_apart():
    """Letters of any script make the grouping key: two Japanese journals and a Chinese one
    are three venues, and a Japanese meeting's year (2023年) goes with its 年."""
    table = VenueTable((VENUE_TABLE,))
    names = [
        table.classify(raw, "article").name
        for raw in (
            "日本音響学会誌",
            "历史研究",
            "電子情報通信学会論文誌",
            "日本音響学会 2023年春季研究発表会",
        )
    ]
    assert names == [
        "日本音響学会誌",
        "历史研究",
        "電子情報通信学会論文誌",
        "日本音響学会 研究発表会",
    ]
