"""The numbers Word shows on numbered paragraphs, worked out from the document's own lists.

ncm-docs never types a number: numbering comes from styles linked to multilevel lists
(``word/numbering.xml``). To say *where* something is ("clause 14.3(b)") a reader must
count as Word does: each paragraph's list and level (its own ``w:numPr``, else its
style's, through ``basedOn``), counters per list that restart below a level when the
level moves on, and each level's ``lvlText`` ("%1.%2", "(%4)") and number format. Style
ids are only looked up inside the file, so a re-save that renames them changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def format_number(value: int, fmt: str) -> str:
    """``value`` in a Word number format (decimal, lowerLetter, upperRoman...)."""
    if fmt == "lowerLetter":
        return _letters(value)
    if fmt == "upperLetter":
        return _letters(value).upper()
    if fmt == "lowerRoman":
        return _roman(value)
    if fmt == "upperRoman":
        return _roman(value).upper()
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


class Numbering:
    """A document's lists and numbered styles, ready to label its paragraphs."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, str] = {}
        if numbering is not None:
            for node in numbering.iter(f"{W}abstractNum"):
                levels = {}
                for lvl in node.iter(f"{W}lvl"):
                    start = lvl.find(f"{W}start")
                    fmt = lvl.find(f"{W}numFmt")
                    text = lvl.find(f"{W}lvlText")
                    levels[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
                        int(start.get(f"{W}val", "1")) if start is not None else 1,
                        fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                        text.get(f"{W}val", "") if text is not None else "",
                    )
                self.abstract[node.get(f"{W}abstractNumId", "")] = levels
            for num in numbering.iter(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                if ref is not None:
                    self.nums[num.get(f"{W}numId", "")] = ref.get(f"{W}val", "")
        self.style_numbers: dict[str, tuple[str, int]] = {}
        if styles is not None:
            by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
            for style_id in by_id:
                found = self._style_number(by_id, style_id)
                if found:
                    self.style_numbers[style_id] = found

    def _style_number(self, by_id: dict, style_id: str, depth: int = 0) -> tuple[str, int] | None:
        style = by_id.get(style_id)
        if style is None or depth > 10:
            return None
        num = style.find(f"{W}pPr/{W}numPr")
        if num is not None:
            num_id = num.find(f"{W}numId")
            ilvl = num.find(f"{W}ilvl")
            if num_id is not None:
                return num_id.get(f"{W}val", "0"), int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        based = style.find(f"{W}basedOn")
        return self._style_number(by_id, based.get(f"{W}val"), depth + 1) if based is not None else None

    def _list_of(self, p: etree._Element) -> tuple[str, int] | None:
        props = p.find(f"{W}pPr")
        style = None
        if props is not None:
            num = props.find(f"{W}numPr")
            node = props.find(f"{W}pStyle")
            style = node.get(f"{W}val") if node is not None else None
            if num is not None and num.find(f"{W}numId") is not None:
                num_id = num.find(f"{W}numId").get(f"{W}val", "0")
                ilvl = num.find(f"{W}ilvl")
                if num_id == "0":
                    return None
                level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else self.style_numbers.get(style or "", ("", 0))[1]
                return num_id, level
        return self.style_numbers.get(style) if style else None

    def labels(self, body: etree._Element) -> dict[etree._Element, str]:
        """Paragraph -> the full number Word shows for it: "14.3", "14.3(b)",
        "Schedule 2, paragraph 1.2"; unnumbered paragraphs are left out."""
        counters: dict[str, list[int | None]] = {}
        last: dict[tuple[str, int], str] = {}
        out: dict[etree._Element, str] = {}
        for p in body.iter(f"{W}p"):
            found = self._list_of(p)
            if not found:
                continue
            num_id, ilvl = found
            abstract_id = self.nums.get(num_id)
            levels = self.abstract.get(abstract_id or "")
            if not levels or ilvl not in levels:
                continue
            values = counters.setdefault(abstract_id, [None] * 9)
            values[ilvl] = levels[ilvl].start if values[ilvl] is None else values[ilvl] + 1
            for deeper in range(ilvl + 1, 9):
                values[deeper] = None
            text = levels[ilvl].text
            for k in range(9, 0, -1):
                if f"%{k}" in text:
                    value = values[k - 1] if values[k - 1] is not None else levels.get(k - 1, _Level(1, "decimal", "")).start
                    text = text.replace(f"%{k}", format_number(value, levels.get(k - 1, _Level(1, "decimal", "")).fmt))
            text = text.strip().rstrip(".")
            if "%1" not in levels[ilvl].text and ilvl > 0:
                # "(b)" hangs on the paragraph above it ("14.3(b)"); "1.2" in a schedule on the
                # nearest level that numbers from the top ("Schedule 2, paragraph 1.2").
                whole = text.startswith("(")
                parent = next((last[(abstract_id, k)] for k in range(ilvl - 1, -1, -1)
                               if (abstract_id, k) in last and (whole or "%1" in levels[k].text)), "")
                if parent:
                    text = parent + text if whole else f"{parent}, paragraph {text}"
            last[(abstract_id, ilvl)] = text
            for deeper in range(ilvl + 1, 9):
                last.pop((abstract_id, deeper), None)
            out[p] = text
        return out
