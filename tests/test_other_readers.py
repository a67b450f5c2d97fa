"""Other programs read the documents whole: pandoc sees the clause headings, mammoth the numbering.

Nothing wraps a clause's paragraphs (see ``ncm_docs.docx.carriers``), clause and schedule
headings are based on Word's built-in "heading 1" with an outline level (pandoc follows
``basedOn``; Word's navigation pane goes by outline level), and numbering comes from the
styles' multilevel lists (mammoth reads those). python-docx's view is tested in test_build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile

import pytest
from lxml import etree

from ncm_docs.docx.styles import HEADING_STYLES
from ncm_docs.pack import build_pack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    from conftest import SEED

    out = tmp_path_factory.mktemp("readers") / "pack"
    build_pack(SEED, out)
    return out, json.loads((out / "manifest.json").read_text())


def _style_chain(styles: etree._Element, style_id: str) -> list[etree._Element]:
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    chain = []
    while style_id in by_id and len(chain) < 10:
        chain.append(by_id[style_id])
        based = by_id[style_id].find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    return chain


@pytest.mark.parametrize("part", ["operative", "schedule"])
def test_clause_headings_are_based_on_heading_1_with_an_outline_level(pack, part):
    out, _ = pack
    styles = etree.fromstring(zipfile.ZipFile(out / "alliance-agreement.docx").read("word/styles.xml"))
    chain = _style_chain(styles, HEADING_STYLES[part])
    assert any(s.find(f"{W}name").get(f"{W}val").lower() == "heading 1" for s in chain)
    assert chain[0].find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == "0"


def _pandoc() -> str:
    path = shutil.which("pandoc")
    if not path:
        if os.environ.get("CI"):
            pytest.fail("pandoc is required in CI (.ci/run installs it)")
        pytest.skip("pandoc is not installed")
    return path


def test_pandoc_sees_every_numbered_clause_and_schedule_as_a_heading(pack):
    out, manifest = pack
    for entry in manifest["documents"]:
        result = subprocess.run([_pandoc(), "-t", "json", str(out / entry["file"])], check=True, capture_output=True, timeout=120)
        blocks = json.loads(result.stdout)["blocks"]
        headers = [_plain(b["c"][2]) for b in blocks if b["t"] == "Header"]
        numbered = [c["title"] for c in entry["clauses"] if c["label"]]
        assert headers == numbered, entry["file"]


def _plain(inlines) -> str:
    out = []
    for item in inlines:
        if item["t"] == "Str":
            out.append(item["c"])
        elif item["t"] in ("Space", "SoftBreak"):
            out.append(" ")
        elif item["t"] in ("Span", "Link"):  # [attributes, inlines, ...]
            out.append(_plain(item["c"][1]))
        elif item["t"] in ("Emph", "Strong", "SmallCaps"):
            out.append(_plain(item["c"]))
    return "".join(out).strip()


def test_mammoth_nests_each_clause_s_paragraphs_under_its_numbered_heading(pack):
    mammoth = pytest.importorskip("mammoth")
    out, manifest = pack
    with open(out / "alliance-agreement.docx", "rb") as handle:
        html = mammoth.convert_to_html(handle).value
    root = etree.fromstring(f"<root>{html}</root>", etree.XMLParser(recover=True))
    items = {}
    for li in root.iter("li"):
        title = (li.xpath("string(text()[normalize-space()][1])") or "").strip()
        items.setdefault(title, li)
    entry = manifest["documents"][-1]
    assert entry["file"] == "alliance-agreement.docx"
    term = next(c for c in entry["clauses"] if c["id"] == "alliance.term")
    heading = items[term["title"]]
    nested = heading.find("ol")
    assert nested is not None and len(nested.findall("li")) == len([line for line in term["text"].split("\n")[1:] if line])
