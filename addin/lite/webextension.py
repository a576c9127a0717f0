"""The Office web-extension parts in which xlwings Lite keeps a workbook's code.

A workbook made with xlwings Lite carries (read from public workbooks made with Lite, the part and
relationship names as Microsoft's [MS-OWEXML] documents them):

* ``xl/webextensions/webextension1.xml``: a ``<we:webextension>`` whose ``<we:reference>`` names the add-in
  in the Office store (id ``wa200008175``, store type ``OMEX``) and whose ``<we:property>`` elements hold the
  files of Lite's editor: ``main.py``, ``requirements.txt`` (each value a JSON string) and ``pyodideVersion``;
* ``xl/webextensions/taskpanes.xml``: the task pane showing that add-in, linked to the part above through
  ``xl/webextensions/_rels/taskpanes.xml.rels``;
* a relationship of type ``webextensiontaskpanes`` from the package (``_rels/.rels``) to the task panes,
  and a content type for both parts.

openpyxl does not keep these parts; :func:`add_web_extension` adds them after openpyxl has saved the file.

Example::

    >>> import json, re
    >>> xml = webextension_xml({"main.py": 'print("ä & <b>")'}, "{00000000-0000-0000-0000-000000000000}")
    >>> value = re.search(r'name="main.py" value="([^"]*)"', xml.decode()).group(1)
    >>> value
    '&quot;print(\\\\&quot;ä &amp; &lt;b&gt;\\\\&quot;)&quot;'
"""
from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path
from typing import cast
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

from ..xlsx.package import Package

STORE_ID = "wa200008175"            # xlwings Lite in the Office add-in store
STORE_TYPE = "OMEX"                 # the Office store
STORE_LOCALE = "en-US"
ADDIN_VERSION = "1.0.0.0"
PYODIDE_VERSION = "0.27.5"          # the Pyodide the tests run main.py in (tests/pyodide/package.json)
# The lines a new xlwings Lite workbook marks as required, and python-stdnum: the quote sheet's script checks an
# EU customer's VAT ID as the batch does (the XP_ functions need nothing else)
REQUIREMENTS = ("xlwings==0.33.15  # required\n"
                "python-dotenv==1.0.1  # required\n"
                "pyodide-http  # required\n"
                "black  # required\n"
                "python-stdnum==2.2\n")

WEBEXTENSION_PART = "xl/webextensions/webextension1.xml"
TASKPANES_PART = "xl/webextensions/taskpanes.xml"
WEBEXTENSION_TYPE = "application/vnd.ms-office.webextension+xml"
TASKPANES_TYPE = "application/vnd.ms-office.webextensiontaskpanes+xml"
WEBEXTENSION_REL = "http://schemas.microsoft.com/office/2011/relationships/webextension"
TASKPANES_REL = "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes"

WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11"
WETP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def property_value(text: str) -> str:
    """A property's value as Lite stores it: the text as a JSON string (UTF-8 kept, not escaped)."""
    return json.dumps(text, ensure_ascii=False)


def webextension_xml(properties: dict, guid: str) -> bytes:
    """``webextension1.xml``: the store reference to xlwings Lite and one property per file."""
    props = "".join(f'<we:property name={quoteattr(name)} value="{escape(property_value(text), {chr(34): "&quot;"})}"/>'
                    for name, text in properties.items())
    return (f'{_XML}<we:webextension xmlns:we="{WE_NS}" id="{guid}">'
            f'<we:reference id="{STORE_ID}" version="{ADDIN_VERSION}" store="{STORE_LOCALE}" storeType="{STORE_TYPE}"/>'
            f'<we:alternateReferences><we:reference id="{STORE_ID}" version="{ADDIN_VERSION}" '
            f'store="{STORE_ID.upper()}" storeType="{STORE_TYPE}"/></we:alternateReferences>'
            f'<we:properties>{props}</we:properties><we:bindings/><we:snapshot xmlns:r="{R_NS}"/>'
            f'<we:extLst><a:ext xmlns:a="{A_NS}" uri="{{D87F86FE-615C-45B5-9D79-34F1136793EB}}">'
            f'<we:containsCustomFunctions/></a:ext></we:extLst></we:webextension>').encode("utf-8")


def taskpanes_xml() -> bytes:
    """``taskpanes.xml``: xlwings Lite's pane on the right, shown when the workbook opens."""
    return (f'{_XML}<wetp:taskpanes xmlns:wetp="{WETP_NS}"><wetp:taskpane dockstate="right" visibility="1" '
            f'width="350" row="1"><wetp:webextensionref xmlns:r="{R_NS}" r:id="rId1"/></wetp:taskpane>'
            f'</wetp:taskpanes>').encode("utf-8")


def workbook_guid(name: str) -> str:
    """A stable id for the web extension of one kind of workbook (the same file each time it is made)."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"xphone-pricing:lite:{name}")).upper() + "}"


def add_web_extension(path: Path, main_py: str, name: str = "calculator") -> None:
    """Add xlwings Lite's parts holding ``main_py`` to the saved workbook ``path``."""
    package = Package(path)
    properties = {"main.py": main_py, "requirements.txt": REQUIREMENTS, "pyodideVersion": PYODIDE_VERSION}
    package.put(WEBEXTENSION_PART, webextension_xml(properties, workbook_guid(name)), WEBEXTENSION_TYPE)
    package.put(TASKPANES_PART, taskpanes_xml(), TASKPANES_TYPE)
    package.relate(TASKPANES_PART, WEBEXTENSION_REL, "webextension1.xml")
    package.relate("", TASKPANES_REL, TASKPANES_PART)
    package.save(path)


def embedded_properties(path) -> dict:
    """The properties of xlwings Lite's web extension in a workbook file, their JSON values decoded."""
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read(WEBEXTENSION_PART))
    # a property without a value fails in json.loads, as it always did
    return {p.get("name"): json.loads(cast(str, p.get("value"))) for p in root.iter(f"{{{WE_NS}}}property")}
