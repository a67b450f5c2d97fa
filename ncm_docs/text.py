"""Documents as plain text: for ``ncm-docs preview``, reviews and golden tests."""

from __future__ import annotations

from .document import Document, Paragraph, Table, plain_runs

_INDENT = {0: 4, 1: 4, 2: 8, 3: 12, 4: 16}


def document_text(doc: Document) -> str:
    """The whole document as numbered plain text, cross-references resolved."""
    numbers = doc.numbers()
    lines = [doc.title.upper(), f"Version {doc.version} ({doc.status})", ""]
    current_part = None
    for clause in doc.clauses:
        if clause.part != current_part:
            current_part = clause.part
            heading = {"schedule": "SCHEDULES", "execution": "EXECUTION"}.get(clause.part)
            if heading:
                lines += [heading, ""]
        if clause.part == "operative":
            lines.append(f"{clause.number}. {clause.title.upper()}")
        elif clause.part == "schedule":
            lines.append(f"SCHEDULE {clause.number}: {clause.title.upper()}")
        else:
            lines.append(clause.title.upper())
        for block, number in zip(clause.blocks, clause.sub_numbers()):
            if isinstance(block, Table):
                for row in block.rows:
                    lines.append("    | " + " | ".join(plain_runs(cell, numbers) for cell in row) + " |")
            elif isinstance(block, Paragraph):
                text = plain_runs(block.runs, numbers)
                if block.heading:
                    lines.append(f"    {text}")
                else:
                    pad = " " * _INDENT[block.level]
                    lines.append(f"{pad}{number + ' ' if number else ''}{text}")
        lines.append("")
    return "\n".join(lines)
