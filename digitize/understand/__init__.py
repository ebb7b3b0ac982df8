"""Understand: a document's type and fields from its page model.

Takes the words and lines OCR read (`ocr.model.PageText`, laid out into segments by `layout`)
and gives what the document is (`classify`, with the `catalogue` of types and the trained
`doc_model`) and its key fields, validated and in canonical form (`extract`, with the value
parsers `values`, `dates`, `names`, `places`, `gazetteer`, `mrz`, the tidiers and
`validators`). `textmatch` is the diacritic- and OCR-tolerant matching they all share.
"""
