"""PDF/A-2b from the searchable PDF: pikepdf's PDF/A preparation and validator, plus the XMP of
the archival description with a PDF/A extension schema for our own properties.

The page content is never touched (the page images and the invisible text layer stay as they
are): `pikepdf.pdfa.prepare` repairs structure and metadata only (output intent: sRGB; no
document JavaScript; annotation flags; the PDF/A identification in the XMP), and
`pikepdf.pdfa.check` judges the result against the PDF/A-2b rules (veraPDF's rule set; an
allowlist, so anything it does not know counts against the file). Its XMP rule does not know
extension schemas, so the findings about our own namespace are set aside when `_extension_problems`
(our check of rule 6.6.2.3.1-1) finds every one of our properties described by the schema.

A file that does not pass keeps the archival description but loses the PDF/A identification:
it never claims a conformance it lacks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
import pikepdf.pdfa
from lxml import etree

FLAVOUR = "2b"
NS = "https://digitize.gov.vn/ns/archive/1.0/"  # the namespace of our XMP properties
PREFIX = "dgz"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFA_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
PDFA_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
PDFA_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"
_EXTENSION_PREFIXES = {"pdfaExtension", "pdfaSchema", "pdfaProperty", PREFIX}
# Our prefixes, known to lxml wherever it writes XMP (pyHanko rewrites the packet when it signs:
# without this our properties would come out as ns0:…, no longer the prefix the schema names).
for _prefix, _uri in (("pdfaExtension", PDFA_EXTENSION), ("pdfaSchema", PDFA_SCHEMA), ("pdfaProperty", PDFA_PROPERTY)):
    etree.register_namespace(_prefix, _uri)
etree.register_namespace(PREFIX, NS)

# metadata key → (XMP property name, value type, description)
PROPERTIES = {
    "dossier_id": ("dossierId", "Text", "Dossier code (ma ho so)"),
    "doc_type": ("docType", "Text", "Document type code"),
    "doc_type_name": ("docTypeName", "Text", "Document type name (Vietnamese)"),
    "document_number": ("documentNumber", "Text", "Document number and symbol (so, ky hieu)"),
    "issue_date": ("issueDate", "Text", "Date the document was issued (ISO 8601)"),
    "issuer": ("issuer", "Text", "Issuing body"),
    "summary": ("summary", "Text", "Subject or summary (trich yeu)"),
    "language": ("language", "Text", "Language of the document"),
    "pages": ("pages", "Integer", "Page count"),
    "agency": ("agency", "Text", "Digitising agency"),
    "digitised_at": ("digitisedAt", "Date", "Time of digitisation"),
    "original_sha256": ("originalSha256", "Text", "SHA-256 of the digitised input file"),
}


@dataclass(frozen=True)
class PdfaResult:
    data: bytes
    conforms: bool  # passed the PDF/A-2b checks and claims PDF/A-2b; False: no claim
    problems: tuple[str, ...]


def make_pdfa(pdf_bytes: bytes, metadata: dict) -> PdfaResult:
    """`pdf_bytes` as PDF/A-2b with `metadata` (the record's `metadata`) in its XMP."""
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        _remove_actions(pdf)
        pikepdf.pdfa.prepare(pdf, FLAVOUR)
        _describe(pdf, metadata)
        problems = check(pdf)
        if problems:
            _withdraw_claim(pdf)
        buf = io.BytesIO()
        pdf.save(buf, **pikepdf.pdfa.resolve_save_kwargs(FLAVOUR))
    return PdfaResult(buf.getvalue(), not problems, tuple(problems))


def check(pdf: pikepdf.Pdf) -> list[str]:
    """The PDF/A-2b rules `pdf` breaks, as it would be saved (empty: it conforms)."""
    report = pikepdf.pdfa.check(pdf, FLAVOUR)
    return _problems(report, _xmp(pdf))


def check_file(data: bytes) -> list[str]:
    """The PDF/A-2b rules a written file breaks (a signed file included: its later revisions
    are judged as the viewer sees them)."""
    report = pikepdf.pdfa.validate_written(io.BytesIO(data), FLAVOUR)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return _problems(report, _xmp(pdf))


def claims_pdfa(pdf: pikepdf.Pdf) -> str | None:
    """The PDF/A part and conformance the XMP claims ("2B"), or None."""
    root = _xmp_tree(_xmp(pdf))
    if root is None:
        return None
    part = root.findtext(f".//{{{PDFAID}}}part") or _attribute(root, "part")
    conformance = root.findtext(f".//{{{PDFAID}}}conformance") or _attribute(root, "conformance")
    return f"{part}{conformance or ''}" if part else None


def _attribute(root, name: str) -> str | None:
    for desc in root.iter(f"{{{RDF}}}Description"):
        if (value := desc.get(f"{{{PDFAID}}}{name}")) is not None:
            return value
    return None


def _problems(report, xmp: bytes | None) -> list[str]:
    extension = _extension_problems(xmp)
    problems = []
    for finding in report.findings:
        if finding.kind not in ("violation", "unsupported"):
            continue
        if not extension and finding.rule.endswith("6.6.2.3.1-1") and _about_our_namespace(finding.message):
            continue  # described by our extension schema: allowed by rule 6.6.2.3.1-1
        problems.append(f"{finding.rule}: {finding.message} ({finding.where})")
    return problems + extension


def _about_our_namespace(message: str) -> bool:
    return any(
        message.startswith((f"XMP namespace {p}=", f"XMP property {p}:")) or f" {p}:" in message
        for p in _EXTENSION_PREFIXES
    )


def _remove_actions(pdf: pikepdf.Pdf) -> None:
    """No document open action or additional actions (pages are made inert when assembled)."""
    for key in ("/OpenAction", "/AA"):
        if key in pdf.Root:
            del pdf.Root[key]


def _describe(pdf: pikepdf.Pdf, metadata: dict) -> None:
    """The archival description in the XMP: the Dublin Core items PDF/A knows, and every item
    as our own property, with the extension schema that describes them."""
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.register_xml_namespace(NS, PREFIX)
        meta["dc:title"] = str(metadata.get("doc_type_name") or "Tài liệu số hóa")
        meta["dc:language"] = [str(metadata.get("language", "vi"))]
        if metadata.get("agency"):
            meta["dc:creator"] = [str(metadata["agency"])]
        if metadata.get("summary"):
            meta["dc:description"] = str(metadata["summary"])
        meta["xmp:CreatorTool"] = "digitize"
        for key, value in metadata.items():
            if key in PROPERTIES:
                meta[f"{{{NS}}}{PROPERTIES[key][0]}"] = str(value)
    _add_extension_schema(pdf)


def _add_extension_schema(pdf: pikepdf.Pdf) -> None:
    root = _xmp_tree(_xmp(pdf))
    rdf = root.find(f"{{{RDF}}}RDF")
    nsmap = {"rdf": RDF, "pdfaExtension": PDFA_EXTENSION, "pdfaSchema": PDFA_SCHEMA, "pdfaProperty": PDFA_PROPERTY}
    desc = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap=nsmap)
    desc.set(f"{{{RDF}}}about", "")
    bag = etree.SubElement(etree.SubElement(desc, f"{{{PDFA_EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    schema = etree.SubElement(bag, f"{{{RDF}}}li")
    schema.set(f"{{{RDF}}}parseType", "Resource")
    etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}schema").text = "digitize archival description"
    etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}namespaceURI").text = NS
    etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}prefix").text = PREFIX
    seq = etree.SubElement(etree.SubElement(schema, f"{{{PDFA_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    for name, value_type, description in PROPERTIES.values():
        prop = etree.SubElement(seq, f"{{{RDF}}}li")
        prop.set(f"{{{RDF}}}parseType", "Resource")
        etree.SubElement(prop, f"{{{PDFA_PROPERTY}}}name").text = name
        etree.SubElement(prop, f"{{{PDFA_PROPERTY}}}valueType").text = value_type
        etree.SubElement(prop, f"{{{PDFA_PROPERTY}}}category").text = "external"
        etree.SubElement(prop, f"{{{PDFA_PROPERTY}}}description").text = description
    _write_xmp(pdf, root)


def _extension_problems(xmp: bytes | None) -> list[str]:
    """Rule 6.6.2.3.1-1 for our namespace: every property of it that is used is described by a
    PDF/A extension schema in the same packet, under the same namespace URI and prefix."""
    root = _xmp_tree(xmp)
    if root is None:
        return []
    used = {el.tag.split("}", 1)[1] for el in root.iter() if isinstance(el.tag, str) and el.tag.startswith(f"{{{NS}}}")}
    for desc in root.iter(f"{{{RDF}}}Description"):
        used |= {name.split("}", 1)[1] for name in desc.attrib if name.startswith(f"{{{NS}}}")}
    if not used:
        return []
    described: set[str] = set()
    for schema in root.iter(f"{{{PDFA_SCHEMA}}}namespaceURI"):
        entry = schema.getparent()
        if schema.text != NS or entry.findtext(f"{{{PDFA_SCHEMA}}}prefix") != PREFIX:
            continue
        for prop in entry.iter(f"{{{PDFA_PROPERTY}}}name"):
            if prop.getparent().findtext(f"{{{PDFA_PROPERTY}}}valueType"):
                described.add(prop.text)
    missing = sorted(used - described)
    if missing:
        return [
            f"ISO_19005_2:6.6.2.3.1-1: XMP properties {', '.join(f'{PREFIX}:{m}' for m in missing)} "
            "are not described by a PDF/A extension schema"
        ]
    return []


def _withdraw_claim(pdf: pikepdf.Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        for key in ("pdfaid:part", "pdfaid:conformance", "pdfaid:amd"):
            if key in meta:
                del meta[key]


def _xmp(pdf: pikepdf.Pdf) -> bytes | None:
    stream = pdf.Root.get("/Metadata")
    return stream.read_bytes() if isinstance(stream, pikepdf.Stream) else None


def _xmp_tree(xmp: bytes | None):
    if not xmp:
        return None
    try:
        tree = etree.fromstring(xmp, etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True))
    except etree.XMLSyntaxError:
        return None
    return tree


def _write_xmp(pdf: pikepdf.Pdf, root) -> None:
    body = etree.tostring(root, encoding="utf-8")
    packet = (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        + body
        + b"\n"
        + (b" " * 99 + b"\n") * 20  # padding: room to update in place
        + b'<?xpacket end="w"?>'
    )
    pdf.Root.Metadata = pdf.make_stream(packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
