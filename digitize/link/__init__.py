"""Link: where documents begin and end, and which dossier each belongs to.

Takes an input's pages with their text and symbols and gives documents: `barcodes` reads
dossier codes from barcodes and QR codes, `split` cuts a box scan at separator sheets,
receipts and first pages, `linking` decides a document's dossier when it is filed later.
It decides; moving archived files is storage's job, asked for by the pipeline.
"""
