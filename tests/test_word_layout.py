"""Layout a reader notices: amounts line up on the right, signature blocks stand apart."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from conftest import SEED
from ncm_docs.docx.writer import SIGNATURE_BLOCK_GAP, SIGNATURE_LINE_ROOM, amount_columns
from ncm_docs.markup import Table, Text
from ncm_docs.pack import build_pack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def body(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout") / "pack"
    build_pack(SEED, out, only={"alliance-agreement"})
    return etree.fromstring(zipfile.ZipFile(out / "alliance-agreement.docx").read("word/document.xml")).find(f"{W}body")


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _align(p) -> str | None:
    jc = p.find(f"{W}pPr/{W}jc")
    return jc.get(f"{W}val") if jc is not None else None


def _before(p) -> int:
    spacing = p.find(f"{W}pPr/{W}spacing")
    return int(spacing.get(f"{W}before", 0)) if spacing is not None else 0


def test_money_columns_are_aligned_right_and_text_columns_are_not(body):
    money_cells = text_cells = 0
    for table in body.iter(f"{W}tbl"):
        rows = [[tc for tc in tr.iter(f"{W}tc")] for tr in table.iter(f"{W}tr")]
        for c in range(len(rows[0])):
            column = [row[c] for row in rows[1:] if c < len(row)]
            texts = [_text(tc).strip() for tc in column]
            paragraphs = [tc.find(f"{W}p") for tc in [rows[0][c], *column]]
            if texts and all(t.startswith("£") for t in texts):
                money_cells += len(texts)
                assert all(_align(p) == "right" for p in paragraphs), texts  # the header too
            elif texts and not any(ch.isdigit() for t in texts for ch in t):
                text_cells += len(texts)
                assert not any(_align(p) == "right" for p in paragraphs), texts
    assert money_cells >= 8 and text_cells >= 8


def test_signature_blocks_stand_apart_with_room_to_sign(body):
    paragraphs = list(body.iter(f"{W}p"))
    openings = [p for p in paragraphs if _text(p).startswith("Signed for and on behalf of")]
    lines = [p for p in paragraphs if _text(p).startswith("Signature:")]
    assert len(openings) == 4 and len(lines) == 4  # one per provider of the seed
    assert all(_before(p) == SIGNATURE_BLOCK_GAP for p in openings)
    assert all(_before(p) == SIGNATURE_LINE_ROOM for p in lines)
    assert SIGNATURE_BLOCK_GAP >= 480 and SIGNATURE_LINE_ROOM >= 360


def _table(*rows):
    return Table([[[Text(cell)] for cell in row] for row in rows])


def test_amount_columns_are_those_of_amounts_only():
    assert amount_columns(_table(["Partner", "Share", "Amount", "Term"], ["NHFT", "55%", "£4,000,000", "1 April 2027"],
                                 ["NWMH", "45.5 %", "—", "10 years"])) == {1, 2}
    assert amount_columns(_table(["Partner", "Note"], ["NHFT", "—"])) == set()  # no digits at all: not an amount column
    assert amount_columns(_table(["Heading only"])) == set()


def test_page_numbers_a_word_processor_fills_in_are_not_edits(tmp_path):
    import io
    import re

    from click.testing import CliRunner

    from ncm_docs.cli import main

    out = tmp_path / "pack"
    build_pack(SEED, out)
    path = out / "alliance-agreement.docx"
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    xml = parts["word/document.xml"].decode()
    filled, count = re.subn(r'(PAGEREF [^<]*</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>)',
                            r'\1<w:r><w:t>7</w:t></w:r>', xml)
    assert count > 40
    parts["word/document.xml"] = filled.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    result = CliRunner().invoke(main, ["check", str(out), "--format", "json"])
    assert "cover page" not in result.output, result.output
    edited = CliRunner().invoke(main, ["check", str(path)])
    assert "NCM208" not in edited.output, edited.output
