"""Archive: the archival copy of a document.

Takes a document's page images and their invisible text layers and gives the searchable PDF
that is archived (`assemble`); PDF/A and signing join it here.
"""
