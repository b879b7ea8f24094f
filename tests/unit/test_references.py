"""The bibliography's content against the CV (the authority), paper by paper.

Where references.bib departs from the CV (a title, a year), the entry must carry a `decision`
field saying why; such rows name what they depart in (`departs`).

These tests hold for the papers the CV lists and let the owner's new papers in: every test runs
on the book's references.bib and on a copy to which `python -m analysis add --theme ... --selected`
(README's example) has added a paper, and must pass on both.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from analysis import Settings, load_bibliography
from analysis.bib.papers import title_key
from tests.support.book import REPO


def cv(key, title, venue, year, honors=(), departs=()):
    return pytest.param(key, title, venue, year, tuple(honors), tuple(departs), id=key)


# The CV's full publication list (30 papers): title and venue as the CV writes them,
# the canonical venue the book shows, the CV's year (None where the CV gives none).
CV_PAPERS = [
    cv("liu2024kan", "KAN: Kolmogorov-Arnold Networks", "arXiv", 2024),
    cv("song2024resource", "A Resource Model For Neural Scaling Law", "ICLR workshop", 2024),
    cv("liang2024diffusion", "Do Diffusion Models Learn Semantically Meaningful and Efficient Representations?", "ICLR workshop", 2024),
    cv("baek2024geneft", "GenEFT: Understanding Statics and Dynamics of Model Generalization via Effective Theory", "ICLR workshop", 2024),
    cv("liu2023growing", "Growing Brains: Co-emergence of Anatomical and Functional Modularity in Recurrent Neural Networks", "NeurIPS workshop", 2023),
    cv("liu2023grokking", "Grokking as Compression: A Nonlinear Complexity Perspective", "NeurIPS workshop", 2023),
    cv("liu2023neural", "A Neural Scaling Law from Lottery Ticket Ensembling", "arXiv", 2023),
    cv("wang2023yuanqi", "Scientific discovery in the age of artificial intelligence", "Nature", 2023),
    cv("zhong2023the", "The Clock and the Pizza: Two Stories in Mechanistic Explanation of Neural Networks", "NeurIPS", 2023, ["Oral"]),
    cv("xu2023restart", "Restart Sampling for Improving Generative Processes", "NeurIPS", 2023),
    cv("PhysRevE.109.L023301", "Discovering New Interpretable Conservation Laws as Sparse Invariants", "PRE", None, departs=["title", "year"]),
    cv("liu2023seeing", "Seeing is Believing: Brain-Inspired Modular Training for Mechanistic Interpretability", "Entropy", 2023),
    cv("liu2023genphys", "GenPhys: From Physical Processes to Generative Models", "arXiv", 2023),
    cv("michaud2023the", "The quantization model of neural scaling", "NeurIPS", 2023),
    cv("pmlr-v202-xu23m", "Pfgm++: Unlocking the potential of physics-inspired generative models", "ICML", 2023),
    cv("michaud2023precision", "Precision machine learning", "Entropy", 2023),
    cv("xu2022poisson", "Poisson flow generative models", "NeurIPS", 2022),
    cv("liu2022towards", "Towards understanding grokking: An effective theory of representation learning", "NeurIPS", 2022, ["Oral"]),
    cv("PhysRevE.106.045307", "Machine learning conservation laws from differential equations", "PRE", 2022),
    cv("liu2023omnigrok", "Omnigrok: Grokking beyond algorithmic data", "ICLR", 2022, ["Spotlight"], departs=["year"]),
    cv("liu2022second", "Second order ensemble Langevin method for sampling and inverse problems", "arXiv", 2022),
    cv("PhysRevLett.128.180201", "Machine learning hidden symmetries", "PRL", 2022, ["Editor's Suggestion"]),
    cv("PhysRevE.104.055302", "Machine-learning nonconservative dynamics for new-physics detection", "PRE", 2021),
    cv("liu2021physicsaugmented", "Physics-augmented learning: A new paradigm beyond physics-informed learning", "NeurIPS workshop", 2021),
    cv("PhysRevE.104.025307", "Schrödinger principal-component analysis: On the duality between principal-component analysis and the Schrödinger equation", "PRE", 2021),
    cv("PhysRevResearch.3.023256", "Applications of deep learning to relativistic hydrodynamics", "PRR", 2021),
    cv("PhysRevLett.126.180604", "Machine learning conservation laws from trajectories", "PRL", 2021, ["Editor's Suggestion"]),
    cv("PhysRevC.102.024911", "Robustness of principal component analysis of harmonic flow in heavy ion collisions", "PRC", 2020),
    cv("liu2019quantum", "Quantum-inspired hamiltonian monte carlo for bayesian sampling", "arXiv", 2019),
    cv("liu2019principal", "Principal component analysis of collective flow in relativistic heavy-ion collisions", "EPJ C", 2019),
]  # fmt: skip

# The CV's "representative papers": the ones marked selected.
CV_REPRESENTATIVE = {
    "liu2024kan", "zhong2023the", "liu2023seeing", "liu2023growing", "wang2023yuanqi",
    "xu2022poisson", "liu2022towards", "PhysRevLett.128.180201", "PhysRevLett.126.180604",
}  # fmt: skip


CV_KEYS = {p.values[0] for p in CV_PAPERS}
# Papers the book has beyond the CV, from the al-folio site bibliography; each says so.
AL_FOLIO_PAPERS = {"kantamneni2024optpde", "liao2023generating"}
KNOWN_PAPERS = CV_KEYS | AL_FOLIO_PAPERS

NEW_PAPER_KEY = "liu2099newpaper"
NEW_PAPER = """\
@misc{liu2099newpaper,
      title={A Paper the Owner Adds Later},
      author={Ziming Liu and Max Tegmark},
      year={2025},
      eprint={2509.99999},
      archivePrefix={arXiv},
      primaryClass={cs.LG},
      url={https://arxiv.org/abs/2509.99999},
}
"""


def _with_a_new_paper(folder):
    """A copy of the book's bibliography and settings, plus a paper added as README says."""
    for name in ("references.bib", "_config.yml"):
        shutil.copy2(REPO / name, folder / name)
    (folder / "new.bib").write_text(NEW_PAPER, encoding="utf-8")
    command = [sys.executable, "-m", "analysis", "add", "new.bib", "--theme", "physics-of-ai",
               "--selected", "--bib", "references.bib"]  # fmt: skip
    proc = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return folder / "references.bib"


def _load(path):
    return load_bibliography(path, Settings.from_book(path.parent))


@pytest.fixture(scope="module")
def extended_bib(tmp_path_factory):
    return _load(_with_a_new_paper(tmp_path_factory.mktemp("added")))


@pytest.fixture(scope="module", params=["book", "book-plus-a-new-paper"])
def bib(request):
    """The book's bibliography, then a copy with a paper added by ``analysis add``."""
    if request.param == "book":
        return _load(REPO / "references.bib")
    return request.getfixturevalue("extended_bib")


@pytest.mark.parametrize("key, title, venue, year, honors, departs", CV_PAPERS)
def test_cv_paper_is_in_the_bibliography(bib, key, title, venue, year, honors, departs):
    paper = bib.by_key()[key]
    assert paper.venue == venue
    assert set(honors) <= set(paper.honors)
    assert "Ziming Liu" in paper.authors
    if departs:
        # The departure is allowed only when written down where readers of the data see it.
        assert paper.decision, f"{key} departs from the CV in {departs} without a decision field"
    if "title" not in departs:
        assert title_key(paper.title) == title_key(title)
    if "year" not in departs:
        assert paper.year == year


def test_the_cv_list_has_thirty_papers_and_each_is_one_entry():
    assert len(CV_PAPERS) == 30
    assert len({p.values[0] for p in CV_PAPERS}) == 30


def test_papers_beyond_the_cv_say_where_they_come_from(bib):
    papers = bib.by_key()
    for key in AL_FOLIO_PAPERS:
        assert "al-folio" in papers[key].decision, key
    # Any other paper is one the owner added after the CV: welcome, and not checked against it.


def test_selected_papers_among_the_cvs_are_its_representative_papers(bib):
    # The owner may select new papers too; among the CV's, the selection is the CV's.
    assert {p.key for p in bib.papers if p.selected and p.key in CV_KEYS} == CV_REPRESENTATIVE


def test_the_bibliography_has_no_errors_and_its_known_papers_no_warnings(bib):
    assert bib.errors == []
    assert [p for p in bib.warnings if p.key in KNOWN_PAPERS] == []


@pytest.mark.parametrize(
    "key, first, second",
    [
        pytest.param("zhong2023the", "Ziqian Zhong", "Ziming Liu", id="clock-and-pizza"),
        pytest.param("xu2022poisson", "Yilun Xu", "Ziming Liu", id="pfgm"),
        pytest.param("song2024resource", "Jinyeop Song", "Ziming Liu", id="resource-model"),
    ],
)
def test_equal_contribution_marks_follow_the_cv(bib, key, first, second):
    paper = bib.by_key()[key]
    assert [paper.authors[i] for i in paper.equal_contribution] == [first, second]


def test_every_paper_of_the_book_has_a_theme_and_a_link(bib):
    for paper in bib.papers:
        if paper.key in KNOWN_PAPERS:
            assert paper.themes, paper.key
            assert paper.links, paper.key


def test_the_copy_holds_the_added_paper_selected_and_with_its_theme(extended_bib):
    # What makes the second run of every test above meaningful: the new paper is really there.
    paper = extended_bib.by_key()[NEW_PAPER_KEY]
    assert paper.selected
    assert paper.themes == ("physics-of-ai",)
    assert len(extended_bib.papers) == len(_load(REPO / "references.bib").papers) + 1
