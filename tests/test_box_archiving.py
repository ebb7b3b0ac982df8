"""Box scans archived in time linear in pages, and each record given out as it is archived."""

from __future__ import annotations

import io

import pikepdf
import pytest
from PIL import Image

import digitize.archive.assemble as assemble
import digitize.pipeline as pipeline
from digitize.documents import DocumentFacts
from ocr.pool import InlinePool
from storage import layout
from tests import fixtures_pdf as fx
from tests.inputs import LINES, archived_path, pdftotext, words_found
from tests.support import make_context

PAGES, PER_DOCUMENT = 6, 2


def _box_scan(path):
    """A 6-page Group 4 TIFF, one strip a page, as a box scanner writes it."""
    pages = [fx._bilevel(fx.render_text_image(LINES[n % 3 :], dpi=150)) for n in range(PAGES)]
    pages[0].save(path, save_all=True, append_images=pages[1:], compression="group4", dpi=(150, 150), strip_size=10**8)
    return path


def _strips(path) -> list[bytes]:
    """Each frame's G4 data as the TIFF holds it."""
    data = path.read_bytes()
    out = []
    with Image.open(path) as img:
        for n in range(img.n_frames):
            img.seek(n)
            (offset,), (length,) = img.tag_v2[273], img.tag_v2[279]  # StripOffsets, StripByteCounts
            out.append(data[offset : offset + length])
    return out


def _in_pairs(results, catalogue, **kw):
    """Documents of two pages each (instead of separator sheets: the split is not under test)."""
    return [
        DocumentFacts(list(range(n, n + PER_DOCUMENT)), "unknown", 0.0, {}, None, None, ["no_dossier_id"])
        for n in range(0, len(results), PER_DOCUMENT)
    ]


def _images(pdf: pikepdf.Pdf) -> list[tuple[str, bytes]]:
    """Each page's image: its filter and its bytes as stored (never decoded)."""
    out = []
    for page in pdf.pages:
        for _, image in page.Resources.XObject.items():
            if image.Subtype == "/Image":
                filters = image.get("/Filter")
                filters = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
                out.append((str(filters[0]), image.read_raw_bytes()))
    return out


@pytest.fixture
def inline_ctx(settings):
    # tasks run in this process, so a counter put on the converter sees every call
    context = make_context(settings, InlinePool())
    yield context
    context.index.close()


@pytest.mark.tesseract
def test_a_box_scan_is_converted_once_and_its_documents_keep_their_pages(inline_ctx, tmp_path, monkeypatch):
    scan = _box_scan(tmp_path / "box.tif")
    calls = []  # the surveys the whole-input conversion was called with
    convert = assemble._image_file_pdf
    monkeypatch.setattr(assemble, "_image_file_pdf", lambda survey: calls.append(survey) or convert(survey))
    monkeypatch.setattr(pipeline, "documents_of", _in_pairs)
    told = []

    def hook(record):
        # each document's record comes as it is stored, before the next one is
        told.append(record)
        later = layout.unlinked_pdf_key(record["sha256"], len(told) + 1)
        assert archived_path(record).exists() and not inline_ctx.archive.exists(later)

    records = pipeline.process_files(inline_ctx, [str(scan)], on_record=hook)

    assert len(calls) == 1, "each document converted the whole input again"
    assert [r["status"] for r in records] == ["archived"] * (PAGES // PER_DOCUMENT)
    assert [r["source_pages"] for r in records] == [[1, 2], [3, 4], [5, 6]]
    assert told == records
    # the pages are those of the whole-input conversion, G4 data copied as it was
    with pikepdf.open(io.BytesIO(convert(calls[0]))) as whole:
        expected = _images(whole)
    got = []
    for record in records:
        pdf = archived_path(record)
        with pikepdf.open(pdf) as doc:
            assert len(doc.pages) == PER_DOCUMENT
            got += _images(doc)
        assert len(words_found(pdftotext(pdf))) >= 3, "the text layer is missing"
    assert got == expected
    assert got == [("/CCITTFaxDecode", strip) for strip in _strips(scan)]  # copied, not re-encoded
    # the shared conversion is gone once the documents are built
    assert not list(tmp_path.glob("**/pages.pdf"))


def test_records_are_given_as_archived_in_input_order(ctx, tmp_path):
    first = fx.born_digital_pdf(tmp_path / "a.pdf", LINES)
    second = fx.born_digital_pdf(tmp_path / "b.pdf", LINES[2:])
    told = []

    def hook(record):
        # the document is in the archive and the index when its record is given out
        if record["status"] == "archived":
            assert archived_path(record).exists()
            assert ctx.index.rows_for_input(record["sha256"])
        told.append(record)

    records = pipeline.process_files(ctx, [str(first), str(tmp_path / "missing.pdf"), str(second)], on_record=hook)

    assert [r["status"] for r in records] == ["archived", "failed", "archived"]
    assert [r["id"] for r in told] == [r["id"] for r in records]


def test_a_twin_and_an_input_archived_before_are_told_too(ctx, tmp_path):
    scan = fx.born_digital_pdf(tmp_path / "a.pdf", LINES)
    (tmp_path / "copy.pdf").write_bytes(scan.read_bytes())
    before = pipeline.process_files(ctx, [str(scan)])
    told = []
    records = pipeline.process_files(ctx, [str(scan), str(tmp_path / "copy.pdf")], on_record=told.append)
    assert [r["id"] for r in told] == [r["id"] for r in records] == [before[0]["id"]] * 2


@pytest.mark.parametrize("compression", ["tiff_lzw", "jpeg"])
def test_a_tiff_img2pdf_cannot_copy_keeps_its_pixels(tmp_path, compression):
    """LZW and JPEG-in-TIFF pages are re-encoded by us (fast zlib), without loss of what the
    TIFF decodes to: the PDF's image is those very pixels."""
    from digitize.ingest.formats import TIFF
    from digitize.ingest.page_source import Limits
    from digitize.page_tasks import survey_input

    page = fx.render_text_image(LINES, dpi=150).convert("RGB")
    scan = tmp_path / "page.tif"
    page.save(scan, compression=compression, dpi=(150, 150))
    assert assemble._transcoded_by_img2pdf(str(scan))
    survey = survey_input(str(scan), TIFF, str(tmp_path), Limits(max_pages=10, max_page_pixels=10**8))
    pdf = pikepdf.open(io.BytesIO(assemble._image_file_pdf(survey)))
    [(_, raw)] = pdf.pages[0].images.items()
    with Image.open(scan) as decoded:
        assert pikepdf.PdfImage(raw).as_pil_image().tobytes() == decoded.convert("RGB").tobytes()


@pytest.mark.tesseract
def test_the_first_input_is_archived_before_the_last_one_is_read(inline_ctx, tmp_path, monkeypatch):
    """Pages go to the pool a few at a time, so an input's PDF and archiving come before the
    later inputs' pages: a long run prints its first records early."""
    scans = []
    for n in range(5):
        scan = tmp_path / f"scan{n}.png"
        fx.render_text_image([*LINES[:2], f"Trang số {n + 1}"], dpi=150).save(scan, dpi=(150, 150))
        scans.append(str(scan))
    events = []
    real = pipeline.ocr_page
    monkeypatch.setattr(
        pipeline, "ocr_page", lambda source, options: events.append(("read", source.path)) or real(source, options)
    )
    records = pipeline.process_files(
        inline_ctx, scans, on_record=lambda record: events.append(("told", record["source"]))
    )
    assert [r["status"] for r in records] == ["archived"] * 5
    assert events.index(("told", scans[0])) < events.index(("read", scans[-1]))  # told before the last page was read
