"""digitize: scans of Vietnamese administrative dossiers in, signed searchable PDFs and records out."""

__version__ = "0.1.0"
