"""Venues as a researcher of the field names them: one venue per series, its short name on the
badge, whatever way the exporter wrote it (tests/fixtures/venues_of_fields.bib)."""

import pytest

from analysis.bib.labels import venue_label
from analysis.bib.loader import parse_bibliography
from analysis.bib.venuenames import VenueName, journal_abbreviation, parse_venue
from analysis.bib.venues import VenueTable, group
from analysis.paths import VENUE_TABLE
from analysis.settings import Settings
from tests.support.book import REPO

FIXTURE = REPO / "tests" / "fixtures" / "venues_of_fields.bib"
# Entry key -> the venue a researcher of the field counts it under (its badge's short name).
FIELD_VENUES = {
    **dict.fromkeys(["icra1", "icra2", "icra3", "icra4"], "ICRA"),
    **dict.fromkeys(["iros1", "iros2"], "IROS"),
    **dict.fromkeys(["ral1", "ral2"], "RA-L"),
    **dict.fromkeys(["acl1", "acl2", "acl3", "acl4"], "ACL"),
    **dict.fromkeys(["emnlp1", "emnlp2"], "EMNLP"),
    **dict.fromkeys(["findings1", "findings2"], "Findings of EMNLP"),
    **dict.fromkeys(["naacl1", "naacl2"], "NAACL"),
    "semeval1": "SemEval",
    **dict.fromkeys(["vardial1", "vardial2"], "VarDial"),
    "facct1": "FAccT",
    **dict.fromkeys(["jctc1", "jctc2", "jctc3"], "J. Chem. Theory Comput."),
    **dict.fromkeys(["jcim1", "jcim2"], "J. Chem. Inf. Model."),
    **dict.fromkeys(["pnas1", "pnas2"], "PNAS"),
    **dict.fromkeys(["natmeth1", "natmeth2"], "Nat. Methods"),
    **dict.fromkeys(["prl1", "prl2"], "PRL"),
    **dict.fromkeys(["prsa1", "prsa2"], "Proc. R. Soc. A"),
    **dict.fromkeys(["asj1", "asj2"], "日本音響学会 研究発表会"),
    "ibis1": "IBIS",
    **dict.fromkeys(["sbrh1", "sbrh2"], "Simpósio de Recursos Hídricos Do Nordeste"),
    **dict.fromkeys(["oup1", "oup2"], "Oxford University Press"),
    "talk1": "Other",
}


@pytest.fixture(scope="module")
def papers():
    bibliography = parse_bibliography(FIXTURE.read_text(encoding="utf-8"), FIXTURE.name)
    assert not bibliography.errors
    return bibliography.by_key()


def test_each_series_is_one_venue_under_its_short_name(papers):
    assert {key: paper.venue for key, paper in papers.items()} == FIELD_VENUES


@pytest.mark.parametrize(
    ("key", "venue_type", "full"),
    [
        ("icra3", "conference", "IEEE International Conference on Robotics and Automation"),
        ("ral2", "journal", "IEEE Robotics and Automation Letters"),
        ("acl4", "conference", "Annual Meeting of the Association for Computational Linguistics"),
        ("findings2", "conference", ""),  # in `journal`, but Findings are a conference's
        ("jctc3", "journal", "Journal of Chemical Theory and Computation"),  # its venue's
        ("pnas1", "journal", "Proceedings of the National Academy of Science"),
        ("semeval1", "workshop", "International Workshop on Semantic Evaluation"),
        ("oup2", "book", ""),
    ],
)
def test_the_full_name_stays_beside_the_short_one(papers, key, venue_type, full):
    assert (papers[key].venue_type, papers[key].venue_full) == (venue_type, full)


@pytest.mark.parametrize(
    ("key", "badge"),
    [
        ("semeval1", "SemEval 2022"),  # was "SemEval- 2022 Proceedings of the 16th ..."
        ("vardial1", "VarDial 2025"),
        ("icra3", "ICRA 2014"),
        ("findings1", "Findings of EMNLP 2021"),
        ("jctc3", "J. Chem. Theory Comput. 2022"),
    ],
)
def test_badges_show_the_short_name_and_year(papers, key, badge):
    assert venue_label(papers[key]) == badge


@pytest.mark.parametrize(
    ("raw", "long", "short"),
    [
        ("Robotics and Automation (ICRA), IEEE International Conference on",
         "IEEE International Conference on Robotics and Automation", "ICRA"),
        ("Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing "
         "and the 9th International Joint Conference on Natural Language Processing (EMNLP-IJCNLP)",
         "Conference on Empirical Methods in Natural Language Processing and the International "
         "Joint Conference on Natural Language Processing", "EMNLP"),
        ("Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021",
         "Findings of ACL", "Findings of ACL"),
        ("38th Computational Complexity Conference, CCC 2023, July 17-20, 2023, Warwick, UK",
         "Computational Complexity Conference", "CCC"),
        ("Proc. of ACL / NeurIPS Workshop on GenAI for Health / EAAMO", "ACL", "ACL"),
        ("Robotics: Science and Systems XVI", "Robotics: Science and Systems", ""),
        ("Physical Review X", "Physical Review X", ""),
        ("日本音響学会 第152回(2024年秋季)研究発表会", "日本音響学会 研究発表会", ""),
        ("Taylor & Francis Group", "Taylor & Francis", ""),
    ],
)  # fmt: skip
def test_parse_venue(raw, long, short):
    assert parse_venue(raw) == VenueName(long, short)


@pytest.mark.parametrize(
    ("name", "abbreviation"),
    [
        ("Journal of Chemical Theory and Computation", "J. Chem. Theory Comput."),
        ("J. Chem. Theory Comput.", "J. Chem. Theory Comput."),
        ("Angewandte Chemie International Edition", "Angew. Chem. Int. Ed."),
        ("Proc. Royal Society A", "Proc. R. Soc. A"),
        ("Nature", "Nature"),
        ("Nature Physics", "Nat. Phys."),  # each Nature journal is a venue of its own
        ("Nature Communications", "Nat. Commun."),
    ],
)
def test_journal_abbreviation_is_iso4(name, abbreviation):
    assert journal_abbreviation(name) == abbreviation


@pytest.mark.parametrize(
    ("raw", "entry_type", "abbr", "name"),
    [
        ("Conference on Language Modeling", "article", "COLM", "COLM"),
        ("Findings of EMNLP", "inproceedings", "EMNLP", "Findings of EMNLP"),  # its own name
        ("Proceedings of the 1st Workshop on Uncertainty-Aware NLP (UncertaiNLP 2024)",
         "inproceedings", "EACL", "UncertaiNLP"),  # a workshop is a venue of its own
        ("Carnegie Mellon University", "phdthesis", "PhD", "PhD"),
        ("", "misc", "Tech Report", "Technical report"),
        ("", "misc", "", "Other"),
        # A kind of venue or a publisher is no venue's name: all journals would be one venue.
        ("Journal of Obscure Results", "article", "Journal", "J. Obs. Results"),
        ("Transactions on Obscure Results", "article", "IEEE", "Trans. Obs. Results"),
    ],
)  # fmt: skip
def test_alfolio_abbr_names_a_venue_whose_string_names_none(raw, entry_type, abbr, name):
    assert VenueTable((VENUE_TABLE,)).classify(raw, entry_type, abbr).name == name


@pytest.mark.parametrize(
    ("spellings", "names"),
    [
        pytest.param(
            [("Conference on Uncertainty in Artificial Intelligence", "inproceedings"),
             ("UAI", "inproceedings")],
            ["UAI", "UAI"], id="initials-spell-the-acronym"),
        pytest.param(
            [("Journal of Chemical Physics", "article"),
             ("Journal of Computational Physics", "article"), ("JCP", "article")],
            ["J. Chem. Phys.", "J. Comput. Phys.", "JCP"], id="two-spell-it-none-joins"),
        pytest.param(
            [("Journal of chemical theory and computation", "article"), ("JCTC", "article"),
             ("J. Chem. Theory Comput.", "article")],
            ["J. Chem. Theory Comput."] * 3, id="google-scholar-lower-case"),
        pytest.param(
            [("IEEE Transactions on Pattern Analysis and Machine Intelligence", "article"),
             ("TPAMI", "article")],
            ["IEEE Trans. Pattern Anal. Mach. Intell."] * 2, id="publisher-not-in-initials"),
        pytest.param(
            [("ACS Central Science", "article"), ("ACS Cent. Sci.", "article")],
            ["ACS Cent. Sci."] * 2, id="journal-naming-an-acronym"),
        pytest.param(
            [("Findings of the Association for Computational Linguistics ACL 2024",
              "inproceedings"), ("ACL (Findings)", "inproceedings"), ("ACL", "inproceedings")],
            ["Findings of ACL", "Findings of ACL", "ACL"], id="findings-apart"),
        pytest.param(
            [("Proceedings of the Royal Society A: Mathematical, Physical and Engineering "
              "Sciences", "article"), ("Proc. R. Soc. A", "article"),
             ("Journal of Physics A: Mathematical and Theoretical", "article"),
             ("J. Phys. A", "article")],
            ["Proc. R. Soc. A", "Proc. R. Soc. A", "J. Phys. A", "J. Phys. A"],
            id="subtitle-describing-the-journal"),
        pytest.param(
            [("Environmental Research", "article"),
             ("Environmental Research: Climate", "article"),
             ("Machine Learning", "article"),
             ("Machine Learning: Science and Technology", "article")],
            ["Environ. Res.", "Environ. Res.: Clim.", "Mach. Learn.",
             "Mach. Learn.: Sci. Technol."], id="subtitle-naming-a-journal"),
        pytest.param(
            [("Journal of Biomedical Materials Research: Part B - Applied Biomaterials",
              "article"), ("J. Biomed. Mater. Res. B", "article"),
             ("Journal of Biomedical Materials Research Part A", "article")],
            ["J. Biomed. Mater. Res. B", "J. Biomed. Mater. Res. B", "J. Biomed. Mater. Res. A"],
            id="a-journals-parts-apart"),
        pytest.param(
            [("ZAMM - Journal of Applied Mathematics and Mechanics", "article"),
             ("Zeitschrift für Angewandte Mathematik und Mechanik", "article")],
            ["Z. Angew. Math. Mech."] * 2, id="leading-acronym-and-german-initials"),
        pytest.param(
            [("Annals of Mathematics", "article"), ("Ann. of Math. (2)", "article"),
             ("Transactions of the American Mathematical Society", "article"),
             ("Trans. Amer. Math. Soc.", "article"), ("Ann. Statist.", "article"),
             ("The Annals of Statistics", "article")],
            ["Ann. Math.", "Ann. Math.", "Trans. Am. Math. Soc.", "Trans. Am. Math. Soc.",
             "Ann. Stat.", "Ann. Stat."], id="mathscinet-abbreviations"),
        pytest.param(
            [("Journal of the Royal Statistical Society: Series B (Statistical Methodology)",
              "article"), ("J. R. Stat. Soc. B", "article"),
             ("Nuclear Science and Engineering (Submitted)", "article"),
             ("Nuclear Science and Engineering", "article")],
            ["J. R. Stat. Soc. B", "J. R. Stat. Soc. B", "Nucl. Sci. Eng.", "Nucl. Sci. Eng."],
            id="series-and-status-in-parentheses"),
        pytest.param(
            [("NBER Working Paper No. 28345", "techreport"),
             ("NBER Working Paper No. 12345", "techreport"),
             ("Proceedings of NELS 50", "inproceedings"),
             ("Proceedings of the 51st Annual Meeting of the North East Linguistic Society",
              "inproceedings"),
             ("Proceedings - 2019 IEEE/CVF International Conference on Computer Vision, ICCV 2019",
              "inproceedings"), ("ICCV", "inproceedings"),
             ("历史研究 2019年第3期", "article"), ("历史研究", "article")],
            ["NBER Working Paper", "NBER Working Paper", "NELS", "NELS", "ICCV", "ICCV",
             "历史研究", "历史研究"], id="numbers-in-a-series"),
        pytest.param(
            [("Conference on Uncertainty in Artificial Intelligence", "inproceedings"),
             ("ICML", "inproceedings")],
            ["Conference on Uncertainty in Artificial Intelligence", "ICML"], id="other-letters"),
    ],
)  # fmt: skip
def test_initials_join_an_acronym_when_one_venue_spells_it(spellings, names):
    table = VenueTable((VENUE_TABLE,))
    assert [v.name for v in group([table.classify(*s) for s in spellings])] == names


def test_the_owners_venue_table_overrides_any_venue(tmp_path):
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    portfolio_venues: venues.yaml\n")
    (tmp_path / "venues.yaml").write_text(
        "- {match: 'findings of', venue: EMNLP, type: conference}\n"
        "- {match: 'robotics and automation letters', venue: IEEE RA-L, type: journal}\n"
    )
    bibliography = parse_bibliography(
        FIXTURE.read_text(encoding="utf-8"), FIXTURE.name, Settings.from_book(tmp_path)
    )
    venues = {key: p.venue for key, p in bibliography.by_key().items()}
    assert [venues[k] for k in ("findings1", "findings2", "emnlp1")] == ["EMNLP"] * 3
    assert [venues[k] for k in ("ral1", "ral2")] == ["IEEE RA-L"] * 2
