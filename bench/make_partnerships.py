"""Generate N partnership files from the bundled samples, varying names and values.

Each file is a sample with its place name (the first word of the partnership's name)
replaced everywhere by a generated one, and every money value scaled by a whole
percentage, so the files differ in text and numbers but stay valid and consistent.
Used by ``bench_batch.py``; the files go to a temporary folder and are never committed.

    python bench/make_partnerships.py 200 /tmp/partnerships
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_PREFIXES = ["Ash", "Brook", "Cole", "Dun", "Elm", "Fen", "Glen", "Hart", "Ivy", "Kings",
             "Lang", "Mill", "Nether", "Oak", "Pen", "Red", "Stan", "Thorn", "Wey", "Yarn"]
_SUFFIXES = ["shire", "moor", "field", "ford", "ham", "ley", "wick", "bury", "dale", "mouth"]
_QUALIFIERS = ["", "East ", "West ", "Upper ", "Lower ", "Great ", "Little ", "South "]
_MONEY_KEYS = {"annual_value", "annual_amount"}


def place_name(index: int) -> str:
    """A distinct, plausible English place name for each index (1,600 before repeating)."""
    base = len(_PREFIXES) * len(_SUFFIXES)
    word = _PREFIXES[index % len(_PREFIXES)] + _SUFFIXES[(index // len(_PREFIXES)) % len(_SUFFIXES)]
    return _QUALIFIERS[(index // base) % len(_QUALIFIERS)] + word


def vary(data, old: str, new: str, percent: int):
    """``data`` with ``old`` replaced by ``new`` in every string and money scaled to ``percent``%."""
    if isinstance(data, dict):
        return {k: (v * percent // 100 if k in _MONEY_KEYS and isinstance(v, int) and v % 100 == 0 else vary(v, old, new, percent)) for k, v in data.items()}
    if isinstance(data, list):
        return [vary(v, old, new, percent) for v in data]
    if isinstance(data, str):
        return data.replace(old, new)
    return data


def samples() -> list[dict]:
    """The bundled samples as data, in file-name order."""
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "samples").glob("*.yaml"))]


def make_partnerships(count: int, folder: Path) -> list[Path]:
    """Write ``count`` varied partnership files into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = samples()
    paths = []
    for i in range(count):
        data = sources[i % len(sources)]
        old = data["partnership"]["name"].split()[0]
        place = place_name(i)
        varied = vary(data, old, place, 90 + i % 41)
        path = folder / f"{i:04d}-{place.lower().replace(' ', '-')}.yaml"
        path.write_text(yaml.safe_dump(varied, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    made = make_partnerships(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {len(made)} partnership files to {sys.argv[2]}")
