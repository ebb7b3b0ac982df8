"""Ingest: input files into pages.

Takes a file's bytes (JPEG, PNG, TIFF or PDF, recognised by content in `formats`) and gives
its pages: a survey of what the input holds (`page_source.InputSurvey`: page count, sizes, which
PDF pages already carry a good text layer) and each page as an image or a text-layer page model
(`image_pages`, `pdf_pages`). Limits on size, pages and pixels are enforced here.
"""
