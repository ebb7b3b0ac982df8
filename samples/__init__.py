"""Synthetic Vietnamese administrative documents with ground truth, for tests and benchmarks.

- ``samples.vocab``       names, places (before/after the 2025 merger), identifiers, dates,
                          numbers in words (values and their printed forms)
- ``samples.doctypes``    one builder per document type -> a ``Document`` (blocks, canonical
                          truth fields and their printed forms); ``doctypes_more`` has the
                          cards, civil status, land, business and ``unknown`` builders
- ``samples.render``      fonts and themes, layout (pt, pagination, tables, columns) and two
                          back ends: raster (PIL) and text PDF (fpdf2)
- ``samples.marks``       barcodes (zxing-cpp), seals, signatures, figures
- ``samples.degrade``     scan profiles: clean, office, bilevel, legacy, fax, rotated, photocopy
- ``samples.generate``    ``python -m samples.generate OUT`` and the file writers; the
                          train/test split rule is in its docstring
- ``samples.boxes``       box scans: several dossiers in one PDF/TIFF behind separator sheets
                          or their receipts
- ``samples.make_demo_set``  regenerates ``samples/scans/`` (the demo: five files)
- ``samples.make_set``    regenerates ``samples/set/`` (every type x every profile, boxes)

``bench.truth`` reads the truth files. See ``samples/README.md``.

This package deliberately does not import its submodules, so ``python -m samples.generate``
runs cleanly.
"""
