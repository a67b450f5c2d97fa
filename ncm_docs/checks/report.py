"""Findings and the rule catalogue as text, JSON or Markdown: one formatter for each."""

from __future__ import annotations

import json

from .registry import SEVERITIES, Finding, Rule

_COLORS = {"error": "red", "warning": "yellow", "advice": "cyan"}


def summary(findings: list[Finding]) -> str:
    """'2 errors, 1 warning, 0 advice'."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    plural = {"error": "errors", "warning": "warnings", "advice": "advice"}
    return ", ".join(f"{n} {s if n == 1 else plural[s]}" for s, n in counts.items())


def format_text(findings: list[Finding], subject: str, color: bool = False) -> str:
    """Findings grouped by the document they concern, each with its rule id; then a summary."""
    import click

    if not findings:
        return f"{subject}: no problems found"
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.documents[0] if f.documents else f.file or subject, []).append(f)
    lines = []
    for name in sorted(groups):
        lines.append(click.style(name, bold=True) if color else name)
        for f in groups[name]:
            severity = click.style(f"{f.severity:<7}", fg=_COLORS[f.severity]) if color else f"{f.severity:<7}"
            where = f" [{f.location}]" if f.location else ""
            lines.append(f"  {f.rule} {severity} {f.message}{where}")
    lines.append(f"{subject}: {summary(findings)}")
    return "\n".join(lines)


def format_json(findings: list[Finding]) -> str:
    """Findings as a JSON list."""
    return json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False)


def rules_text(rules: list[Rule]) -> str:
    """The catalogue for ``--list-rules``: id, severity, slug and summary."""
    return "\n".join(f"{r.id} {r.severity:<7} {r.slug:<40} {r.summary}" for r in rules)


def rules_json(rules: list[Rule]) -> str:
    """The catalogue as JSON, docstrings included."""
    return json.dumps(
        [{"id": r.id, "slug": r.slug, "severity": r.severity, "target": r.target, "message": r.message, "doc": r.doc} for r in rules],
        indent=2, ensure_ascii=False,
    )


def rules_markdown(rules: list[Rule]) -> str:
    """The catalogue as the README's table (generated; a test keeps the README in step)."""
    lines = ["| id | checks | severity | rule |", "|---|---|---|---|"]
    for r in rules:
        what = "partnership" if r.target == "model" else "pack"
        summary_ = r.summary.replace("|", "\\|")
        lines.append(f"| `{r.id}` | {what} | {r.severity} | **{r.slug}**: {summary_} |")
    return "\n".join(lines)
