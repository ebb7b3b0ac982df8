"""Recognise an input's format from its first bytes, never from its file name."""

from __future__ import annotations

from digitize.errors import UNSUPPORTED_FORMAT, DigitizeError

JPEG, PNG, TIFF, PDF = "jpeg", "png", "tiff", "pdf"
IMAGE_FORMATS = (JPEG, PNG, TIFF)

# Things people drop into a scan folder by mistake, named so the error says what it was.
_KNOWN_OTHERS = [
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "an RTF document"),
]

SNIFF_BYTES = 1024


def sniff(head: bytes) -> str:
    """Return JPEG, PNG, TIFF or PDF for `head` (the first SNIFF_BYTES), else raise."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return TIFF
    # PDF readers accept the header anywhere in the first kilobyte (junk before it happens).
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return PDF
    what = "not an image or a PDF"
    for magic, name in _KNOWN_OTHERS:
        if head.startswith(magic):
            what = name
            break
    else:
        if head[:12].startswith(b"RIFF") and head[8:12] == b"WEBP":
            what = "a WebP image"
        elif _looks_like_text(head):
            what = "a text file"
    raise DigitizeError(
        UNSUPPORTED_FORMAT,
        f"The file is {what}. digitize accepts scans as JPEG, PNG, TIFF or PDF.",
    )


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
