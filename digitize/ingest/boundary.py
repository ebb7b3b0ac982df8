"""The boundary where decoders read untrusted bytes.

pikepdf, pdfium, pdfplumber and Pillow raise many kinds of exception on damaged or hostile
files (ValueError, SyntaxError, AttributeError, struct.error…). Whatever they raise while
reading an input is the input's fault and becomes `unreadable_input` (memory exhausted:
`too_large`); `internal_error` stays for our own bugs, outside this boundary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from digitize.errors import TOO_LARGE, UNREADABLE_INPUT, DigitizeError

log = logging.getLogger("digitize")


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Decoding `what` ("the file", "page 3"): any decoder error is the input's."""
    try:
        yield
    except DigitizeError:
        raise
    except MemoryError as exc:
        raise DigitizeError(TOO_LARGE, f"Reading {what} needs more memory than a worker may use.") from exc
    except Exception as exc:
        log.debug("decoder error reading %s", what, exc_info=True)
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise DigitizeError(UNREADABLE_INPUT, f"{what.capitalize()} is damaged and cannot be read ({detail}).") from exc
