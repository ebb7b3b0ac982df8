"""What a PDF page costs to read, measured before anything renders or extracts it.

A few kilobytes of PDF can ask a reader for gigabytes or for ever: a content stream that
inflates to gigabytes, a one-pixel image whose data inflates to a gigabyte, a line of a
million characters, forms drawing forms ten deep, ten times each (10¹⁰ draws). This module
walks a page's content and the forms it draws, with multiplicity, and stops with `too_large`
as soon as a limit is passed:

- decoded stream bytes (content and forms) per page and per input, inflated in bounded chunks,
  never whole;
- image data that inflates beyond what the image's pixels need;
- characters shown by text operators per page;
- form and image draws per page (a form drawn ten times costs ten times its content);
- image pixels drawn per page and per input (a shared image counts each time it is drawn).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import pikepdf

from digitize.errors import TOO_LARGE, UNREADABLE_INPUT, DigitizeError
from digitize.ingest.page_source import Limits

_CHUNK = 1 << 20
_MAX_DEPTH = 12  # forms inside forms; real documents nest two or three deep
_OPERATORS = "Do Tj TJ ' \""


@dataclass
class Cost:
    """One draw of a content stream: what interpreting it once asks for."""

    draws: int = 0
    pixels: int = 0
    chars: int = 0

    def add(self, other: Cost, times: int = 1) -> None:
        self.draws += other.draws * times
        self.pixels += other.pixels * times
        self.chars += other.chars * times


@dataclass
class InputBudget:
    """Running totals over the pages of one input, and the streams already measured."""

    limits: Limits
    stream_bytes: int = 0
    pixels: int = 0
    measured: dict[tuple[int, int], int] = field(default_factory=dict)  # stream objgen → decoded bytes
    forms: dict[tuple[int, int], Cost] = field(default_factory=dict)  # form objgen → cost of one draw

    def check_page(self, page: pikepdf.Page, number: int) -> Cost:
        """The page's cost; raises `too_large` past a page or input limit."""
        self._page_bytes = 0
        self._number = number
        cost = Cost()
        for stream in _content_streams(page.obj.get("/Contents")):
            self._measure(stream, self.limits.max_page_stream_bytes)
        cost.add(self._interpret(page.obj, page.obj.get("/Resources"), depth=0, stack=()))
        limits = self.limits
        if cost.chars > limits.max_page_text_chars:
            self._too_large(f"shows {cost.chars:,} characters of text; the limit is {limits.max_page_text_chars:,}")
        if cost.draws > limits.max_page_draws:
            self._too_large(
                f"draws pictures and forms {cost.draws:,} times (forms nested inside forms); "
                f"the limit is {limits.max_page_draws:,}"
            )
        if cost.pixels > 2 * limits.max_page_pixels:
            self._too_large(
                f"draws {cost.pixels / 1e6:,.0f} megapixels of images; the limit is "
                f"{2 * limits.max_page_pixels / 1e6:,.0f}"
            )
        self.pixels += cost.pixels
        if self.pixels > limits.max_input_pixels:
            raise DigitizeError(
                TOO_LARGE,
                f"The PDF draws more than {limits.max_input_pixels / 1e6:,.0f} megapixels of images in all "
                f"(by page {number}); the limit is DIGITIZE_MAX_INPUT_MEGAPIXELS.",
            )
        return cost

    # ------------------------------------------------------------ streams

    def _measure(self, stream: pikepdf.Object, cap: int) -> int:
        """Decoded length of `stream`, counted once per input; `too_large` past the caps."""
        key = stream.objgen
        if key != (0, 0) and key in self.measured:
            return self.measured[key]
        size = decoded_length(stream, min(cap, self.limits.max_input_stream_bytes - self.stream_bytes) + 1)
        self._page_bytes += size
        self.stream_bytes += size
        if size > cap or self._page_bytes > self.limits.max_page_stream_bytes:
            self._too_large(
                f"holds drawing instructions that inflate to more than "
                f"{self.limits.max_page_stream_bytes / 2**20:.0f} MiB"
            )
        if self.stream_bytes > self.limits.max_input_stream_bytes:
            raise DigitizeError(
                TOO_LARGE,
                f"The PDF's drawing instructions inflate to more than "
                f"{self.limits.max_input_stream_bytes / 2**20:.0f} MiB in all (by page {self._number}).",
            )
        if key != (0, 0):
            self.measured[key] = size
        return size

    def _check_image_data(self, image: pikepdf.Object, width: int, height: int) -> None:
        """Flate image data may not inflate (far) beyond what its pixels need."""
        if _filters(image) != ["/FlateDecode"] or image.objgen in self.measured:
            return
        try:
            bpc = int(image.get("/BitsPerComponent", 8))
        except (TypeError, ValueError):
            bpc = 8
        need = (width * max(1, min(bpc, 16)) * 4 + 7) // 8 * height + height  # 4 components at most, + predictor bytes
        size = decoded_length(image, 2 * need + 65536 + 1)
        if size > 2 * need + 65536:
            self._too_large(f"holds an image of {width}×{height} pixels whose data inflates far beyond that")
        self.measured[image.objgen] = 0  # checked; its pixels are counted per draw

    # ------------------------------------------------------------ drawing

    def _interpret(self, holder: pikepdf.Object, resources, depth: int, stack: tuple) -> Cost:
        """Cost of interpreting `holder`'s content once (a page, or a form XObject)."""
        cost = Cost()
        try:
            instructions = pikepdf.parse_content_stream(holder, _OPERATORS)
        except (pikepdf.PdfError, RuntimeError, TypeError, ValueError) as exc:
            raise DigitizeError(UNREADABLE_INPUT, f"Page {self._number} of the PDF is damaged.") from exc
        xobjects = _dictionary(_dictionary(resources).get("/XObject"))
        for operands, operator in instructions:
            op = str(operator)
            if op == "Do":
                cost.draws += 1
                target = xobjects.get(str(operands[0])) if operands else None
                if isinstance(target, pikepdf.Stream):
                    cost.add(self._draw(target, resources, depth, stack))
            else:
                cost.chars += _shown_chars(operands)
        return cost

    def _draw(self, xobject: pikepdf.Stream, resources, depth: int, stack: tuple) -> Cost:
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            width, height = _int(xobject.get("/Width")), _int(xobject.get("/Height"))
            if width > 0 and height > 0:
                self._check_image_data(xobject, width, height)
            return Cost(pixels=max(0, width) * max(0, height))
        if subtype != "/Form":
            return Cost()
        key = xobject.objgen
        if key in stack or depth >= _MAX_DEPTH:
            self._too_large("nests forms inside forms deeper than any document does (or in a loop)")
        if key in self.forms:
            return self.forms[key]
        self._measure(xobject, self.limits.max_page_stream_bytes)
        cost = self._interpret(xobject, xobject.get("/Resources", resources), depth + 1, (*stack, key))
        if key != (0, 0):
            self.forms[key] = cost
        return cost

    def _too_large(self, what: str) -> None:
        raise DigitizeError(TOO_LARGE, f"Page {self._number} of the PDF {what}.")


def decoded_length(stream: pikepdf.Object, cap: int) -> int:
    """Bytes `stream` decodes to, counting no further than `cap` (Flate is inflated in bounded
    chunks; other filters are decoded by qpdf under the worker's memory limit)."""
    filters = _filters(stream)
    try:
        if not filters:
            return len(stream.read_raw_bytes())
        if filters != ["/FlateDecode"]:
            return len(stream.read_bytes())
        data = stream.read_raw_bytes()
    except pikepdf.PdfError:
        return 0  # undecodable: the reader will say so, with the page's number
    inflater = zlib.decompressobj()
    total = 0
    try:
        while data and total <= cap:
            total += len(inflater.decompress(data, _CHUNK))
            data = inflater.unconsumed_tail
    except zlib.error:
        pass  # damaged data ends where it breaks, as the readers see it
    return total


def _filters(stream: pikepdf.Object) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(v) for v in value]
    return [str(value)]


def _content_streams(contents) -> list[pikepdf.Object]:
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    if isinstance(contents, pikepdf.Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return []


def _dictionary(value) -> pikepdf.Dictionary | dict:
    return value if isinstance(value, pikepdf.Dictionary | pikepdf.Stream) else {}


def _shown_chars(operands) -> int:
    total = 0
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            total += len(bytes(operand))
        elif isinstance(operand, pikepdf.Array):
            total += sum(len(bytes(item)) for item in operand if isinstance(item, pikepdf.String))
    return total


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
