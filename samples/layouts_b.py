"""The second layout family: every type drawn again, written independently of
``samples.doctypes`` (other label wordings, two or three fields per line, wrapped
place-and-date lines, prose-style decisions, other faces). Register a builder with
``@register(code, layout="b")``; ``generate`` draws family "b" for LAYOUT_B_SHARE of the
documents of a type that has one."""

from __future__ import annotations

from . import layouts_b_civil, layouts_b_office  # noqa: F401  (birth certificate, residence; decision, forms, receipt)
