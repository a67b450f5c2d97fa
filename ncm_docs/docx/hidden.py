"""Text a reader of the page would not see: hidden, the colour of its background, or too small.

A clause can be changed without changing what ``check`` reads: a paragraph marked hidden
(``w:vanish``) is still in the file but not on the page or the printout; white text on a
white page, or text in a 1 pt font, is there but cannot be read. ``HiddenTextFinder`` looks
at each run's formatting as Word resolves it (document defaults, then the paragraph
style, the character style, and the run's own properties) and says which runs a reader
would miss, and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from lxml import etree

from .reader import W, ReadClause, ReadDocument, parse_xml

#: Smallest font a reader can be expected to read, in half-points (Word's unit): 4 pt.
MIN_HALF_POINTS = 8
#: Narrowest character scaling a reader can read (``w:w``, percent).
MIN_SCALE_PERCENT = 25
#: Lowest contrast ratio (WCAG) between text and its background that still reads.
MIN_CONTRAST = 1.5
_WHITE = "FFFFFF"
_OFF = {"0", "false", "off", "none"}
#: Highlight colour names (``w:highlight``) and their colours.
_HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF", "red": "FF0000",
    "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0",
}
#: Theme colours that mean "the page's own colour" in the usual themes.
_BACKGROUND_THEMES = {"background1", "light1", "bg1"}


@dataclass(frozen=True)
class HiddenText:
    """Text in a clause a reader would not see, and why (``how``)."""

    text: str
    how: str


def clause_elements(clause: ReadClause) -> list[etree._Element]:
    """The body elements a clause was read from."""
    elements = getattr(clause, "elements", None)
    return list(elements) if elements is not None else [clause.element]


class HiddenTextFinder:
    """Finds unreadable text in one document (its styles are read once)."""

    def __init__(self, doc: ReadDocument) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.defaults: list[etree._Element] = []
        self.default_paragraph: str | None = None
        data = doc.parts.get("word/styles.xml")
        if data:
            root = parse_xml(data, Path(doc.path), "word/styles.xml")
            for style in root.iter(f"{W}style"):
                self.styles[style.get(f"{W}styleId", "")] = style
                if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
                    self.default_paragraph = style.get(f"{W}styleId")
            default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
            if default is not None:
                self.defaults.append(default)

    def in_clause(self, clause: ReadClause) -> list[HiddenText]:
        """The unreadable runs of a clause, in order (adjacent runs hidden alike joined)."""
        return self.in_elements(clause_elements(clause))

    def in_elements(self, elements: Iterable[etree._Element]) -> list[HiddenText]:
        """The unreadable runs below ``elements``."""
        found: list[HiddenText] = []
        for element in elements:
            for run in element.iter(f"{W}r"):
                text = "".join(t.text or "" for t in run.iter(f"{W}t"))
                if not text.strip():
                    continue
                how = self._why_hidden(run)
                if how is None:
                    continue
                if found and found[-1].how == how:
                    found[-1] = HiddenText(found[-1].text + text, how)
                else:
                    found.append(HiddenText(text, how))
        return [HiddenText(" ".join(h.text.split()), h.how) for h in found]

    # -- formatting as Word resolves it --------------------------------------------------

    def _why_hidden(self, run: etree._Element) -> str | None:
        paragraph = next((a for a in run.iterancestors(f"{W}p")), None)
        chain = list(self.defaults)
        if paragraph is not None:
            props = paragraph.find(f"{W}pPr")
            style_id = props.find(f"{W}pStyle").get(f"{W}val") if props is not None and props.find(f"{W}pStyle") is not None else self.default_paragraph
            chain += self._style_rprs(style_id)
        run_props = run.find(f"{W}rPr")
        if run_props is not None and run_props.find(f"{W}rStyle") is not None:
            chain += self._style_rprs(run_props.find(f"{W}rStyle").get(f"{W}val"))
        if run_props is not None:
            chain.append(run_props)
        for name in ("vanish", "specVanish"):
            vanish = _last(chain, name)
            if vanish is not None and vanish.get(f"{W}val", "true").lower() not in _OFF:
                return "marked hidden"
        size = _last(chain, "sz")
        half_points = _int(size.get(f"{W}val")) if size is not None else None
        if half_points is not None and half_points < MIN_HALF_POINTS:
            return f"in a {half_points / 2:g} pt font"
        scale = _last(chain, "w")
        percent = _int(scale.get(f"{W}val")) if scale is not None else None
        if percent is not None and percent < MIN_SCALE_PERCENT:
            return f"squeezed to {percent}% of its width"
        color = _last(chain, "color")
        if color is not None:
            text_colour = _colour(color)
            if text_colour is not None and _contrast(text_colour, self._background(run, chain)) < MIN_CONTRAST:
                return "the colour of its background"
        return None

    def _style_rprs(self, style_id: str | None) -> list[etree._Element]:
        """The run properties of a style and the styles it is based on, base first."""
        out: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            props = style.find(f"{W}rPr")
            if props is not None:
                out.insert(0, props)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return out

    def _background(self, run: etree._Element, chain: list[etree._Element]) -> str:
        highlight = _last(chain, "highlight")
        if highlight is not None and highlight.get(f"{W}val") in _HIGHLIGHTS:
            return _HIGHLIGHTS[highlight.get(f"{W}val")]
        shading = _last(chain, "shd")
        fill = _fill(shading)
        if fill:
            return fill
        for ancestor in run.iterancestors(f"{W}p", f"{W}tc"):
            props = ancestor.find(f"{W}pPr" if ancestor.tag == f"{W}p" else f"{W}tcPr")
            fill = _fill(props.find(f"{W}shd") if props is not None else None)
            if fill:
                return fill
        return _WHITE


def _last(chain: list[etree._Element], name: str) -> etree._Element | None:
    for props in reversed(chain):
        found = props.find(f"{W}{name}")
        if found is not None:
            return found
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _colour(element: etree._Element) -> str | None:
    if element.get(f"{W}themeColor") in _BACKGROUND_THEMES:
        return _WHITE
    value = (element.get(f"{W}val") or "").upper()
    return value if len(value) == 6 and all(c in "0123456789ABCDEF" for c in value) else None


def _fill(shading: etree._Element | None) -> str | None:
    if shading is None:
        return None
    if shading.get(f"{W}themeFill") in _BACKGROUND_THEMES:
        return _WHITE
    value = (shading.get(f"{W}fill") or "").upper()
    return value if len(value) == 6 and all(c in "0123456789ABCDEF" for c in value) else None


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1: the same; 21: black on white)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
