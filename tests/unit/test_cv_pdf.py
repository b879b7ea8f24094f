"""The PDF CV, read back with pypdf: content, marks, links, metadata, tags, fonts, determinism.

Built as a user builds it alone (``python -m analysis cv --pdf``) from this book's cv.yaml and
references.bib, so the tests keep passing when the owner adds papers; escaping and the CJK
fallback use small books of their own.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.bib.loader import load_bibliography
from analysis.cv import pdf as cv_pdf
from analysis.cv.data import load_cv
from analysis.cv.view import SECTIONS
from analysis.settings import Settings
from tests.support.ada import write_cv_book
from tests.support.book import REPO
from tests.support.pdf import pdf_text, squeeze


def build_cli(book: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "cv",
            "--bib",
            str(book / "references.bib"),
            "--pdf",
            str(out / "cv.pdf"),
            "--publications",
            str(out / "publications.pdf"),
        ],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf")
    proc = build_cli(REPO, out)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def papers():
    return load_bibliography(REPO / "references.bib", Settings.from_book(REPO)).papers


def test_the_cv_holds_every_section_and_every_paper(built, papers):
    text = squeeze(pdf_text(built / "cv.pdf")).lower()
    for _, title in SECTIONS:
        assert squeeze(title).lower() in text, title
    for paper in papers:
        assert squeeze(paper.title).lower() in text, paper.title
    cv = load_cv(REPO, Settings.from_book(REPO))
    for item in cv.section("work") + cv.section("media"):
        assert squeeze(item.get("name") or item["title"]).lower() in text


def test_the_publications_pdf_holds_both_lists_and_no_cv_sections(built, papers):
    text = squeeze(pdf_text(built / "publications.pdf")).lower()
    assert "representativepapers" in text and "fullpublicationlist" in text
    assert "experience" not in text and "mediacoverage" not in text
    for paper in papers:
        assert squeeze(paper.title).lower() in text


def test_honours_and_equal_contribution_marks(built, papers):
    text = squeeze(pdf_text(built / "cv.pdf"))
    for honor in {h for p in papers for h in p.honors}:
        assert squeeze(honor) in text
    for paper in (p for p in papers if p.equal_contribution):
        first = paper.authors[paper.equal_contribution[0]]
        assert squeeze(first) + "*" in text, paper.key
    assert "*equalcontribution" in text


def test_the_owners_name_is_bold_in_every_paper(built, papers):
    bold = []

    def visit(text, cm, tm, font, size):
        if font and "Bold" in str(font.get("/BaseFont", "")):
            bold.append(text)

    for page in PdfReader(built / "cv.pdf").pages:
        page.extract_text(visitor_text=visit)
    owned = [p for p in papers if p.owner_positions]
    representative = [p for p in owned if p.selected]
    assert squeeze("".join(bold)).count("ZimingLiu") >= len(owned) + len(representative)


def test_links_metadata_tags_and_embedded_fonts(built):
    reader = PdfReader(built / "cv.pdf")
    assert reader.metadata.title == "Ziming Liu: Curriculum Vitae"
    assert reader.metadata.author == "Ziming Liu"
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"], "not a tagged PDF"
    assert "/StructTreeRoot" in root and "/Lang" in root
    uris = {
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object()
    }
    assert "mailto:zmliu@mit.edu" in uris
    assert "https://arxiv.org/abs/2404.19756" in uris
    assert any(u.endswith("chapters/physics-of-ai.html") for u in uris)  # theme chapters online
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


def test_two_builds_give_identical_bytes(built, tmp_path):
    proc = build_cli(REPO, tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name in ("cv.pdf", "publications.pdf"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes(), name


TRICKY_TITLE = r"Tricky \#1: * _a_ @ref <b> ] [x] \$5 \#emph[x] \#import ``@preview/y''"
TRICKY_NAME = 'Ada #strong[x] $y$ <z> @w ] \\ "q"'


def test_markup_characters_are_text_not_typst(tmp_path):
    bib = (
        f"@article{{tricky1943,\n  title = {{{TRICKY_TITLE}}},\n  author = {{Lovelace, Ada}},\n"
        "  journal = {Scientific Memoirs},\n  year = {1943},\n  selected = {true},\n}\n"
    )
    cv = f"basics:\n  name: '{TRICKY_NAME}'\n"
    book = write_cv_book(tmp_path / "book", cv=cv, bib=bib)
    proc = build_cli(book, tmp_path)
    assert proc.returncode == 0, proc.stderr
    title = load_bibliography(book / "references.bib", Settings.from_book(book)).papers[0].title
    assert "#emph[x]" in title and "@preview" in title
    text = squeeze(pdf_text(tmp_path / "cv.pdf"))
    assert text.count(squeeze(title)) == 2  # representative and full list
    assert squeeze(TRICKY_NAME) in text
    assert PdfReader(tmp_path / "cv.pdf").metadata.title == f"{TRICKY_NAME}: Curriculum Vitae"


def test_a_collaboration_paper_is_shortened_around_the_owner_as_on_the_site(tmp_path):
    names = [f"Author{i:03d}, A." for i in range(800)]
    names[400] = "Lovelace, Ada"
    bib = (
        f"@article{{atlas1950,\n  title = {{Observation of a Particle}},\n"
        f"  author = {{{' and '.join(names)} and others}},\n"
        "  journal = {Physical Review Letters},\n  year = {1950},\n  selected = {true},\n"
        "  collaboration = {ATLAS},\n}\n"
    )
    book = write_cv_book(tmp_path / "book", cv="basics:\n  name: Ada Lovelace\n", bib=bib)
    proc = build_cli(book, tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = squeeze(pdf_text(tmp_path / "cv.pdf"))
    # First three, the owner with a neighbour each side, the last, and counts of the others.
    line = "A.Author000,A.Author001,A.Author002,…396more…,A.Author399,AdaLovelace,A.Author401,"
    assert text.count(line) == 2  # representative and full list
    assert text.count("…397more…,A.Author799etal.(ATLASCollaboration).Observation") == 2
    assert "Author200" not in text


def test_the_native_name_has_a_real_font_or_is_left_out(tmp_path, monkeypatch):
    cv = "basics:\n  name: Ziming Liu\n  nativeName: 刘子鸣\n  nativeLang: zh\n"
    book = write_cv_book(tmp_path, cv=cv)
    settings = Settings.from_book(book)
    cv_data = load_cv(book, settings)
    found = cv_pdf.cjk_font_family("刘子鸣")
    text = pdf_text_of(cv_pdf.compile_pdf(cv_pdf.document_data(cv_data, [], settings)), tmp_path)
    # With a CJK font the name is drawn with it; without one it is left out, never empty boxes.
    assert ("刘子鸣" in text) == (found is not None)
    monkeypatch.setattr(cv_pdf, "cjk_font_family", lambda name, every=True: None)
    text = pdf_text_of(cv_pdf.compile_pdf(cv_pdf.document_data(cv_data, [], settings)), tmp_path)
    assert "刘" not in text and "Ziming Liu" in text


CJK_BIB = REPO / "tests" / "fixtures" / "cjk.bib"


def test_cjk_coauthors_titles_and_venues_are_typeset_with_a_cjk_font(tmp_path):
    """Japanese and Chinese in the papers: drawn with an installed CJK font after the Latin
    ones (per-glyph fallback), the forthcoming paper first; without one the PDF still builds."""
    book = write_cv_book(tmp_path / "book", cv="basics:\n  name: Shota Horiguchi\n",
                      bib=CJK_BIB.read_text(encoding="utf-8"))  # fmt: skip
    proc = build_cli(book, tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = squeeze(pdf_text(tmp_path / "publications.pdf"))
    bib_text = CJK_BIB.read_text(encoding="utf-8")
    font = cv_pdf.cjk_font_family(cv_pdf.wide_characters(bib_text), every=False)
    if font is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    for written in ("宋代科举制度研究", "历史研究", "日本音響学会誌", "堀口翔太", "学生優秀発表賞"):
        assert written in text
    assert text.index("Forthcoming") < text.index("2023") < text.index("2022")
    assert "Forthcoming" in text and "9999" not in text
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(tmp_path / "publications.pdf").pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any(font.replace(" ", "").lower() in f.lower() for f in fonts), (font, fonts)


def test_font_files_are_closed_after_the_search(monkeypatch):
    """fontTools keeps a lazily loaded font's file open; an unclosed one is a ResourceWarning
    when collected, which fails whatever test is running then (filterwarnings = error)."""
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    cv_pdf.cjk_font_family.cache_clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        cv_pdf.cjk_font_family("刘子鸣")
        cv_pdf.cjk_font_family("刘子鸣宋代", every=False)
        gc.collect()
    assert [u.exc_value for u in unraisable] == []


def pdf_text_of(data: bytes, folder: Path) -> str:
    path = folder / "probe.pdf"
    path.write_bytes(data)
    return pdf_text(path)


def test_a_book_without_cv_yaml_says_so(tmp_path):
    book = write_cv_book(tmp_path / "book", cv=None)
    proc = build_cli(book, tmp_path)
    assert proc.returncode == 1
    assert "no cv.yaml" in proc.stderr
    assert not (tmp_path / "cv.pdf").exists()


def test_a_malformed_cv_writes_no_pdf(tmp_path):
    book = write_cv_book(tmp_path / "book", cv="basics:\n  name: A\n  email: nope\n")
    proc = build_cli(book, tmp_path)
    assert proc.returncode == 1
    assert f"{book / 'cv.yaml'}:3: basics.email:" in proc.stderr
    assert not (tmp_path / "cv.pdf").exists()
