"""One line per partnership file for the home page: name, shape, version, status, last check.

Reading, validating and checking a file costs a few milliseconds, so each summary is
remembered by the file's size, modification time and inode: the home page of a folder
of many partnerships costs a ``stat`` per file once they have been read
(``bench/bench_web.py`` measures it). ``warm`` reads every file ahead of the first visit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from ..checks import check_partnership
from ..errors import NcmError
from ..load import parse_data, validate_partnership
from .workspace import Workspace

_MODELS = {
    "lead_provider_alliance": "Lead provider + alliance",
    "pure_alliance": "Pure alliance",
    "separate_contracts": "Separate contracts",
    "special_purpose_vehicle": "Special-purpose vehicle",
}
_RULES = {"unanimity": "unanimous decisions", "majority": "majority vote", "weighted": "weighted vote", "consensus": "consensus"}


@dataclass(frozen=True)
class Summary:
    """What the home page shows about one partnership file."""

    name: str  # workspace-relative file name
    title: str
    shape: str
    version: str
    status: str
    check: str  # "no problems", "2 errors, 1 warning", or why the file cannot be read
    state: str  # ok, findings, errors or invalid


def summarise(name: str, raw: bytes) -> Summary:
    """The summary of one partnership file from its bytes (never raises for bad data)."""
    try:
        partnership = validate_partnership(parse_data(Path(name), raw), name)
    except NcmError as exc:
        first = exc.message.splitlines()[0]
        more = len(exc.message.splitlines()) - 1
        detail = first.split(": ", 1)[-1] + (f" (and {more} more)" if more else "")
        return Summary(name, Path(name).stem, "", "", "", f"cannot be read: {detail}", "invalid")
    p = partnership
    subs = len(p.subcontracts)
    shape = (
        f"{_MODELS.get(p.partnership.model, p.partnership.model)}: {len(p.commissioners)} "
        f"commissioner{'s' if len(p.commissioners) != 1 else ''}, {len(p.providers)} providers "
        f"({subs} subcontracted), {_RULES.get(p.alliance.governance.decision_rule.kind, '')}"
    )
    findings = check_partnership(p, name)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "advice")}
    if not findings:
        check, state = "no problems found", "ok"
    else:
        check = ", ".join(f"{n} {s}{'s' if n != 1 and s != 'advice' else ''}" for s, n in counts.items() if n)
        state = "errors" if counts["error"] else "findings"
    return Summary(name, p.partnership.name, shape, p.document.version, p.document.status, check, state)


class SummaryCache:
    """Summaries of a workspace's files, remembered by each file's stat."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._cache: dict[str, tuple[tuple, Summary]] = {}
        self._lock = threading.Lock()

    def get(self, name: str, key: tuple | None = None) -> Summary:
        """The summary of ``name``, read again only if the file changed (``key``: its stat, if known)."""
        if key is None:
            st = self.workspace.resolve(name).stat()
            key = (st.st_size, st.st_mtime_ns, st.st_ino)
        found = self._cache.get(name)
        if found is not None and found[0] == key:
            return found[1]
        try:
            summary = summarise(name, self.workspace.read(name))
        except NcmError as exc:
            summary = Summary(name, Path(name).stem, "", "", "", f"cannot be read: {exc.message}", "invalid")
        with self._lock:
            self._cache[name] = (key, summary)
        return summary

    def all(self) -> list[Summary]:
        """Every partnership file's summary, in the workspace's order."""
        out = []
        for name, key in self.workspace.listing():
            try:
                out.append(self.get(name, key))
            except (NcmError, OSError):  # removed or replaced while listing
                continue
        return out

    def warm(self) -> threading.Thread:
        """Read every file in a background thread (the first home page is then fast too)."""
        thread = threading.Thread(target=self.all, name="ncm-docs-summaries", daemon=True)
        thread.start()
        return thread
