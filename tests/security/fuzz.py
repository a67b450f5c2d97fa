"""A seeded mutation fuzzer for the inputs ncm-docs does not trust.

Partnership files, .docx files and ``manifest.json`` are mutated from good examples,
structurally (a value somewhere in the data replaced by one of another type, a huge
number, a deep nest, a key deleted or renamed; an XML element dropped, duplicated or
given odd attributes) and byte by byte (bytes flipped, the file cut short, junk
inserted). Every mutation is derived from a seed, so a failing case is reproduced by its
seed alone.

``NCM_FUZZ_EXAMPLES`` multiplies the number of cases (default 1: a few hundred in all,
which CI runs); ``NCM_FUZZ_SEED`` moves the whole run to other seeds.
"""

from __future__ import annotations

import copy
import io
import json
import os
import random
import resource
import time
import zipfile
from dataclasses import dataclass
from typing import Any, Callable

from click.testing import CliRunner

from ncm_docs.cli import main

#: How many times the default number of cases to run.
SCALE = max(1, int(os.environ.get("NCM_FUZZ_EXAMPLES", "1") or 1))
#: Where the seeds start (change it to explore new cases).
BASE_SEED = int(os.environ.get("NCM_FUZZ_SEED", "0") or 0)
#: Longest one fuzz case may take (generous: CI machines are slow and shared).
MAX_SECONDS = 30.0
#: Most the process's peak memory may grow during one fuzz test.
MAX_GROWTH_BYTES = 600 * 1024 * 1024


def seeds(count: int, salt: int) -> list[int]:
    """``count`` (times ``SCALE``) seeds for one fuzz target."""
    return [BASE_SEED + salt * 1_000_003 + i for i in range(count * SCALE)]


# ---- values a mutation puts in -----------------------------------------------------


def odd_value(rng: random.Random) -> Any:
    """A value of a type or size nobody planned for."""
    choices: list[Callable[[], Any]] = [
        lambda: None, lambda: True, lambda: 0, lambda: -1, lambda: 10**40, lambda: -(10**40),
        lambda: HUGE_INT, lambda: 1e308, lambda: -0.0, lambda: 0.5, lambda: "",
        lambda: "x" * rng.choice([1, 300, 100_000]), lambda: "2027-02-30", lambda: "9999-12-31",
        lambda: "0000-00-00", lambda: "T25:00", lambda: "../../etc/passwd", lambda: "{{ 7 * 7 }}",
        lambda: "{% for x in y %}", lambda: "\u202e\u0000\ufffe", lambda: [], lambda: {}, lambda: [None],
        lambda: {"": None}, lambda: [[[[[[]]]]]], lambda: _deep(50),
        lambda: {"kind": "majority"}, lambda: ["a", 1, None], lambda: "£1,000,000", lambda: "25%",
    ]
    return rng.choice(choices)()


#: Stands for an integer too long for Python to read from text (over 4,300 digits): put
#: in the data, then replaced in the serialised file by ``with_huge_ints``.
HUGE_INT = "__HUGE_INT__"


def with_huge_ints(data: bytes) -> bytes:
    """Serialised data with every ``HUGE_INT`` (quoted or not) replaced by 4,400 digits."""
    digits = b"9" * 4_400
    return data.replace(b'"' + HUGE_INT.encode() + b'"', digits).replace(HUGE_INT.encode(), digits)


def _deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if len(prefix) > 60:
        return out
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out += _paths(item, prefix + (index,))
    return out


def mutate_data(data: Any, rng: random.Random, rounds: int | None = None) -> Any:
    """A copy of JSON-like ``data`` with one to three structural mutations."""
    data = copy.deepcopy(data)
    for _ in range(rounds or rng.randint(1, 3)):
        paths = [p for p in _paths(data) if p]
        if not paths:
            return odd_value(rng)
        path = rng.choice(paths)
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        key = path[-1]
        action = rng.random()
        if action < 0.55:
            parent[key] = odd_value(rng)
        elif action < 0.7 and isinstance(parent, dict):
            del parent[key]
        elif action < 0.8 and isinstance(parent, dict):
            parent[str(key) + rng.choice(["_", "s", "X"])] = parent.pop(key)
        elif action < 0.9 and isinstance(parent, list):
            parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(parent[key]))
        else:
            other = rng.choice(paths)
            source = data
            try:
                for step in other:
                    source = source[step]
                parent[key] = copy.deepcopy(source)
            except (KeyError, IndexError, TypeError):
                parent[key] = odd_value(rng)
    return data


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """``data`` with bytes flipped, cut short, or junk inserted."""
    out = bytearray(data)
    action = rng.random()
    if action < 0.4:
        for _ in range(rng.randint(1, 8)):
            if out:
                out[rng.randrange(len(out))] = rng.randrange(256)
    elif action < 0.6:
        out = out[: rng.randrange(len(out) + 1)]
    elif action < 0.8:
        at = rng.randrange(len(out) + 1)
        out[at:at] = rng.choice([b"\0" * 64, b"\xff\xfe", "é€😀".encode(), b"{{", b"<!DOCTYPE x>", os.urandom(32)])
    else:
        at = rng.randrange(len(out) + 1)
        size = rng.randint(1, 200)
        del out[at : at + size]
    return bytes(out)


def deep_json(rng: random.Random) -> bytes:
    """JSON nested far deeper than any parser's recursion limit (the issue's 100k levels)."""
    depth = rng.choice([1_000, 100_000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    return ('{"documents": ' + opener * depth + "1" + closer * depth + "}").encode("ascii")


# ---- .docx ------------------------------------------------------------------------


def docx_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a good .docx."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """A .docx (zip) from parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def mutate_xml(data: bytes, rng: random.Random) -> bytes:
    """An XML part with an element dropped, duplicated, moved or given odd content."""
    from lxml import etree

    root = etree.fromstring(data)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for _ in range(rng.randint(1, 4)):
        element = rng.choice(elements)
        parent = element.getparent()
        action = rng.random()
        if parent is not None and action < 0.25:
            parent.remove(element)
            elements = [e for e in root.iter() if isinstance(e.tag, str)]
        elif parent is not None and action < 0.45:
            parent.insert(rng.randrange(len(parent) + 1), copy.deepcopy(element))
        elif action < 0.6:
            element.text = str(odd_value(rng))[:5_000]
        elif action < 0.75 and element.attrib:
            name = rng.choice(list(element.attrib))
            element.set(name, rng.choice(["", "-1", "99999999999999999999", "x", "ncm:", "ncm:@", "ncm:a@b@c", "true", "FFFFFF"]))
        elif parent is not None and action < 0.9:
            target = rng.choice(elements)
            if target is not element and element not in target.iterancestors() and target is not root:
                parent.remove(element)
                target.append(element)
        else:
            element.tail = str(odd_value(rng))[:100]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """A .docx mutated in its XML (mostly) or in its zip bytes."""
    if rng.random() < 0.3:
        return mutate_bytes(data, rng)
    parts = docx_parts(data)
    xml_names = [n for n in parts if n.endswith((".xml", ".rels"))]
    weights = [8 if n == "word/document.xml" else 1 for n in xml_names]
    for _ in range(rng.randint(1, 2)):
        name = rng.choices(xml_names, weights)[0]
        try:
            parts[name] = mutate_xml(parts[name], rng)
        except (ValueError, TypeError, SyntaxError):  # odd text lxml will not store, or a part already broken: mutate bytes instead
            parts[name] = mutate_bytes(parts[name], rng)
    if rng.random() < 0.1:
        parts.pop(rng.choice(list(parts)))
    return zip_parts(parts)


def mutate_json_bytes(data: bytes, rng: random.Random) -> bytes:
    """A JSON file mutated as data (mostly) or as bytes."""
    if rng.random() < 0.25:
        return mutate_bytes(data, rng)
    if rng.random() < 0.05:
        return deep_json(rng)
    value = mutate_data(json.loads(data), rng)
    try:
        return with_huge_ints(json.dumps(value, ensure_ascii=rng.random() < 0.5).encode("utf-8"))
    except (ValueError, RecursionError):
        return b"{}"


# ---- running a case ------------------------------------------------------------------


@dataclass
class Outcome:
    """What one CLI run did."""

    args: list[str]
    exit_code: int
    output: str
    seconds: float


def run_cli(args: list[str]) -> Outcome:
    """Run the CLI in-process (click's CliRunner), as a user would, catching everything."""
    start = time.monotonic()
    result = CliRunner().invoke(main, [str(a) for a in args])
    output = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        output += "\nTraceback (escaped the CLI):\n" + "".join(traceback.format_exception(result.exception))
    return Outcome([str(a) for a in args], result.exit_code, output, time.monotonic() - start)


def assert_clean(outcome: Outcome, seed: int) -> None:
    """Exit 0, 1 or 2; no internal error, no traceback; done in bounded time."""
    where = f"seed {seed}: ncm-docs {' '.join(outcome.args)}"
    assert outcome.exit_code in (0, 1, 2), f"{where}: exit {outcome.exit_code}\n{outcome.output[-3000:]}"
    assert "Internal error" not in outcome.output, f"{where}:\n{outcome.output[-3000:]}"
    assert "Traceback" not in outcome.output, f"{where}:\n{outcome.output[-3000:]}"
    assert outcome.seconds < MAX_SECONDS, f"{where}: took {outcome.seconds:.1f} s"


def peak_memory_bytes() -> int:
    """This process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
