"""A saved workbook file as a package of parts: adding what openpyxl does not write.

An ``.xlsx`` is a zip of parts. Each part is named in ``[Content_Types].xml``
(its content type) and reached through relationships: the package's
``_rels/.rels`` names the workbook and the document-wide parts, a part's own
``_rels/NAME.rels`` names the parts it uses. openpyxl writes the parts it
knows and drops the others; :class:`Package` adds parts after openpyxl is done
and keeps both lists complete. :func:`mark_dynamic_arrays` turns single-cell
array formulas into dynamic-array formulas that spill (Excel 2021/365).

Example::

    >>> import tempfile, pathlib
    >>> from openpyxl import Workbook
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "book.xlsx"
    >>> Workbook().save(path)
    >>> package = Package(path)
    >>> package.relate("xl/workbook.xml", "http://example.com/rel/note", "note.xml")
    'rId4'
    >>> package.put("xl/note.xml", b"<note/>", "application/xml")
    >>> package.save(path)
    >>> sorted(Package(path).missing())
    []
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_METADATA_REL = f"{DOC_REL}/sheetMetadata"
SHEET_METADATA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"
METADATA_PART = "xl/metadata.xml"

# One dynamic-array property record (XLDAPR: fDynamic = spills), referred to by cm="1" on a formula cell.
DYNAMIC_ARRAY_METADATA = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">'
    '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1"'
    ' pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1"'
    ' coerce="1" cellMeta="1"/></metadataTypes>'
    '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}">'
    '<xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>'
    '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>'
    '</metadata>').encode()


def rels_part(source: str) -> str:
    """The relationships part of ``source`` (``""`` = the package):
    ``xl/workbook.xml`` -> ``xl/_rels/workbook.xml.rels``."""
    if not source:
        return PACKAGE_RELS
    folder, name = posixpath.split(source)
    return posixpath.join(folder, "_rels", f"{name}.rels")


class Package:
    """The parts of a workbook file, in their order; :meth:`save` writes them back as one zip."""

    def __init__(self, path):
        with zipfile.ZipFile(path) as z:
            self.parts = {info.filename: z.read(info.filename) for info in z.infolist()}

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def put(self, name: str, data: bytes, content_type: str | None = None) -> None:
        """Add (or replace) a part; ``content_type`` is entered in ``[Content_Types].xml`` for it."""
        self.parts[name] = data
        if content_type is not None:
            types = self.text(CONTENT_TYPES)
            types = re.sub(rf'<Override PartName="/{re.escape(name)}"[^>]*/>', "", types)
            entry = f'<Override PartName="/{name}" ContentType={quoteattr(content_type)}/>'
            self.parts[CONTENT_TYPES] = types.replace("</Types>", entry + "</Types>").encode("utf-8")

    def relate(self, source: str, rel_type: str, target: str) -> str:
        """Add a relationship from ``source`` (``""`` = the package) to ``target``; returns its id."""
        name = rels_part(source)
        text = (self.text(name) if name in self.parts else
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<Relationships xmlns="{RELS_NS}"></Relationships>')
        used = {int(n) for n in re.findall(r'Id="rId(\d+)"', text)}
        rid = f"rId{max(used, default=0) + 1}"
        entry = f'<Relationship Id="{rid}" Type={quoteattr(rel_type)} Target={quoteattr(target)}/>'
        if text.rstrip().endswith("/>") and "</Relationships>" not in text:  # <Relationships .../>
            text = text.rstrip()[:-2] + ">" + "</Relationships>"
        self.parts[name] = text.replace("</Relationships>", entry + "</Relationships>").encode("utf-8")
        return rid

    def relationships(self, source: str) -> list[tuple[str, str, str]]:
        """(id, type, target as a part name) of every relationship of ``source`` (``""`` = the package)."""
        name = rels_part(source)
        if name not in self.parts:
            return []
        base = posixpath.dirname(source)
        found = []
        for tag in re.findall(r"<Relationship\b[^>]*>", self.text(name)):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
            if attrs.get("TargetMode") == "External":
                continue
            target = attrs["Target"]
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            found.append((attrs["Id"], attrs["Type"], part))
        return found

    def sheet_part(self, title: str) -> str:
        """The part holding the worksheet named ``title``."""
        workbook = self.text("xl/workbook.xml")
        for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
            attrs = dict(re.findall(r'([\w:]+)="([^"]*)"', tag))
            if attrs.get("name") == title:
                rid = next(v for k, v in attrs.items() if k.endswith(":id"))
                return next(part for i, _t, part in self.relationships("xl/workbook.xml") if i == rid)
        raise KeyError(title)

    def missing(self) -> list[str]:
        """Parts that a relationship names but the file lacks, and parts without a content type."""
        types = self.text(CONTENT_TYPES)
        defaults = set(re.findall(r'<Default Extension="([^"]+)"', types))
        overrides = set(re.findall(r'<Override PartName="/([^"]+)"', types))
        problems = []
        for name in self.parts:
            if name == CONTENT_TYPES or name.endswith("/"):
                continue
            if name not in overrides and name.rsplit(".", 1)[-1] not in defaults:
                problems.append(f"no content type: {name}")
        sources = [""] + [n for n in self.parts if not n.endswith(".rels")]
        for source in sources:
            for _rid, _type, part in self.relationships(source):
                if part not in self.parts:
                    problems.append(f"{rels_part(source)} names a missing part: {part}")
        return problems

    def save(self, path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts.items():
                z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data,
                           compress_type=zipfile.ZIP_DEFLATED)


def mark_dynamic_arrays(path: Path, cells: dict) -> None:
    """Make the single-cell array formulas in ``cells`` (``{sheet title: ["A38", ...]}``) dynamic arrays.

    The cell gets ``cm="1"``, pointing at one dynamic-array record in ``xl/metadata.xml`` (added with its
    relationship and content type): Excel 2021/365 then spills the result instead of showing its first value.
    """
    package = Package(path)
    for title, refs in cells.items():
        part = package.sheet_part(title)
        xml = package.text(part)
        for ref in refs:
            xml, found = re.subn(rf'<c r="{ref}"(?=[\s>/])(?![^>]*\bcm=)', f'<c r="{ref}" cm="1"', xml, count=1)
            if not found or f'<f t="array" ref="{ref}">' not in xml:
                raise ValueError(f"{title}!{ref} holds no single-cell array formula")
        package.parts[part] = xml.encode("utf-8")
    if METADATA_PART not in package.parts:
        package.put(METADATA_PART, DYNAMIC_ARRAY_METADATA, SHEET_METADATA_TYPE)
        package.relate("xl/workbook.xml", SHEET_METADATA_REL, "metadata.xml")
    package.save(path)
