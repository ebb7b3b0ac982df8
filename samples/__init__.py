"""Synthetic Vietnamese administrative documents for tests and benchmarks.

- ``samples.vocab``     names, places, identifiers, dates (values and their printed forms)
- ``samples.doctypes``  one builder per document type -> a ``Document`` (blocks + truth fields)
- ``samples.render``    layout (pt, pagination) and two back ends: raster (PIL) and text PDF (fpdf2)
- ``samples.degrade``   scan degradation profiles (``clean``, ``office``, ``bilevel``)
- ``samples.generate``  the ``python -m samples.generate OUT`` command and the file writers
- ``samples.make_demo_set``  regenerates the small committed set in ``samples/scans/``

This package deliberately does not import its submodules, so ``python -m samples.generate``
runs cleanly.
"""
