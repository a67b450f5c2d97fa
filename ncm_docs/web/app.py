"""The web app: routes over a ``Workspace`` folder of partnership files.

``create_app(folder)`` returns a Starlette app; ``ncm-docs serve`` runs it with uvicorn.
Each route reads the request, calls the library through ``Drafting`` (the same calls the
CLI makes), and renders a template or returns a file. See ``security`` for the guards.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from .. import __version__
from .._resources import resource_dir
from ..errors import Conflict, DataError, ModelErrors, NcmError, PathRefused
from ..load import MAX_FILE_BYTES, parse_data
from .drafting import MAX_UPLOAD_BYTES, Drafting, alternative_texts
from .schemaform import STEPS, carry_unknown, read_form, spec_at
from .security import CSRF_FIELD, CrashBarrier, Guard, csrf_ok, new_secret
from .summaries import SummaryCache
from ..files import sha256
from .workspace import HISTORY_DIR, Workspace
from .yamlsave import updated_file

_HERE = Path(__file__).resolve().parent
#: Most form fields one preview or save may post (a large partnership has a few thousand).
MAX_FIELDS = 20_000
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def create_app(folder: str | Path, *, token: str | None = None, hosts: set[str] | None = None, library=None, warm: bool = False) -> Starlette:
    """The app over ``folder``. ``token``: required of every request (for non-loopback hosts);
    ``hosts``: allowed ``Host`` header values; ``warm``: read every file's summary in the background."""
    workspace = Workspace(folder)
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.filters["fid"] = field_id
    templates.env.globals.update(version=__version__, csrf_field=CSRF_FIELD, **FORM_HELPERS)
    routes = [
        Route("/", home),
        Route("/new", new_partnership, methods=["POST"]),
        Route("/upload", upload_partnership, methods=["POST"]),
        Route("/edit/{name:path}", edit),
        Route("/preview/{name:path}", preview, methods=["POST"]),
        Route("/save/{name:path}", save, methods=["POST"]),
        Route("/download/{name:path}", download),
        Route("/document/{name:path}", document),
        Route("/check/{name:path}", check_upload, methods=["GET", "POST"]),
        Route("/compare", compare_page),
        Route("/compare/report", compare_report),
        Route("/compare/redline", compare_redline),
        Route("/compare/vary", compare_vary),
        Route("/clauses", clauses_page),
        Route("/clauses/{clause_id}/panel", clause_panel),
        Route("/clauses/{clause_id}", clause_page),
        Mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static"),
    ]
    middleware = [
        Middleware(CrashBarrier),
        Middleware(Guard, token=token, hosts=hosts, max_body=MAX_UPLOAD_BYTES + 1024 * 1024),
    ]
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={NcmError: ncm_error})
    app.state.workspace = workspace
    app.state.templates = templates
    app.state.csrf = new_secret()
    app.state.drafting = Drafting(workspace, library)
    app.state.summaries = SummaryCache(workspace)
    app.state.soffice = bool(shutil.which("soffice") or shutil.which("libreoffice"))
    if warm:
        app.state.summaries.warm()
    return app


def field_id(path: str) -> str:
    """The HTML id of a form field from its path."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")


def _at(value, key):
    return value.get(key) if isinstance(value, dict) else None


def _value_at(data, path: str):
    for key in path.split("."):
        data = _at(data, key)
    return data


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date,)):
        return value.isoformat()
    if isinstance(value, float):
        return format(value, "f").rstrip("0").rstrip(".") if value == value and abs(value) < 1e15 else repr(value)
    if isinstance(value, (list, dict)):
        return ""
    return str(value)


_SOURCE_FIELDS = {"providers[].short_name": "providers", "commissioners[].short_name": "commissioners",
                  "observers[].short_name": "observers", "services[].id": "services"}

#: Helpers the form templates use to read plain (possibly malformed) data without failing.
FORM_HELPERS = {
    "at": _at,
    "value_at": _value_at,
    "listed": lambda v: v if isinstance(v, list) else [],
    "pairs": lambda v: list(v.items()) if isinstance(v, dict) else [],
    "display": _display,
    "source": lambda schema_path: _SOURCE_FIELDS.get(schema_path, ""),
}


def reference_names(data) -> tuple:
    """``names(ref)`` and ``names_only(ref)`` for the form: the short names (or service ids) a picker offers."""
    from .schemaform import SOURCES

    def names(ref: str) -> list[tuple[str, str]]:
        out = []
        for section, key in SOURCES.get(ref, ()):
            for item in _at(data, section) or []:
                value = _at(item, key)
                if isinstance(value, str) and value:
                    full = _at(item, "legal_name") or _at(item, "name")
                    out.append((value, f"{value}: {full}" if isinstance(full, str) else value))
        return out

    return names, lambda ref: [v for v, _ in names(ref)]


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    """A page from ``templates/`` with the CSRF token and the folder in its context."""
    state = request.app.state
    return state.templates.TemplateResponse(
        request, template, {"csrf": state.csrf, "folder": state.workspace.root, **context}, status_code=status
    )


async def ncm_error(request: Request, exc: NcmError) -> Response:
    """A library error as a page (or JSON for the page's script), with the status it deserves."""
    status = 409 if isinstance(exc, Conflict) else 404 if isinstance(exc, PathRefused) else 422 if isinstance(exc, ModelErrors) else 400
    if request.url.path.startswith(("/preview/", "/save/")):
        return JSONResponse({"ok": False, "message": exc.message}, status)
    findings = exc.findings if isinstance(exc, ModelErrors) else []
    return render(request, "error.html", status, message=exc.message, findings=findings)


def _refuse_csrf(request: Request) -> Response:
    message = "This request was refused because it did not carry the page's security token. Reload the page and try again."
    if request.url.path.startswith(("/preview/", "/save/")):
        return JSONResponse({"ok": False, "message": message}, 403)
    return render(request, "error.html", 403, message=message, findings=[])


# ---- home ---------------------------------------------------------------------------------


async def home(request: Request) -> Response:
    """Every partnership file in the folder, the starters, and the upload form."""
    summaries = request.app.state.summaries.all()
    samples = sorted(p.name for p in resource_dir("samples").glob("*.yaml"))
    return render(request, "home.html", summaries=summaries, samples=samples, message=request.query_params.get("message", ""))


async def new_partnership(request: Request) -> Response:
    """A new partnership file from the starter or a bundled sample (never overwriting a file)."""
    form = await request.form()
    if not csrf_ok(request, form):
        return _refuse_csrf(request)
    source = str(form.get("source", "starter"))
    if source == "starter":
        data = (_HERE / "starter.yaml").read_bytes()
    else:
        samples = {p.name: p for p in resource_dir("samples").glob("*.yaml")}
        if source not in samples:
            raise DataError(f"'{source}' is not a bundled sample (samples: {', '.join(sorted(samples))})")
        data = samples[source].read_bytes()
    wanted = str(form.get("file_name") or "").strip() or ("new-partnership.yaml" if source == "starter" else source)
    name = request.app.state.workspace.create(wanted, data)
    return RedirectResponse(f"/edit/{quote(name)}", 303)


async def upload_partnership(request: Request) -> Response:
    """A partnership file uploaded into the folder (checked with the CLI's guarded reader first)."""
    async with request.form(max_files=1, max_fields=10, max_part_size=MAX_FILE_BYTES) as form:
        if not csrf_ok(request, form):
            return _refuse_csrf(request)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise DataError("choose a .yaml, .yml or .json file to upload")
        data = await upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise DataError(f"{upload.filename}: the limit is {MAX_FILE_BYTES:,} bytes")
    filename = PurePosixPath(upload.filename.replace("\\", "/")).name
    if PurePosixPath(filename).suffix.lower() not in (".yaml", ".yml", ".json"):
        raise DataError(f"{filename}: not a partnership file (.yaml, .yml or .json)")
    data_value = parse_data(Path(filename), data)  # YAML bombs, tags and bad encodings refused here
    if not isinstance(data_value, dict):
        raise DataError(f"{filename}: not a partnership file (expected a mapping of sections)")
    name = request.app.state.workspace.create(filename, data)
    return RedirectResponse(f"/edit/{quote(name)}", 303)


# ---- a partnership ------------------------------------------------------------------------------


async def edit(request: Request) -> Response:
    """A partnership's page: the generated form, the live preview, downloads, checks and versions."""
    name = request.path_params["name"]
    state = request.app.state
    raw = state.workspace.read(name)
    problem, data = "", {}
    try:
        data = parse_data(Path(name), raw)
        if not isinstance(data, dict):
            problem, data = "The file does not hold a mapping of sections (partnership, document, providers, ...).", {}
    except DataError as exc:
        problem = exc.message
    documents = []
    try:
        from ..assemble import plan_documents
        from ..load import validate_partnership

        partnership = validate_partnership(data, name)
        documents = [(p.file_stem, p.title) for p in plan_documents(partnership, state.drafting.library)]
    except NcmError:
        pass
    steps = [(title, [(path, spec_at(path)) for path in paths]) for title, paths in STEPS]
    names, names_only = reference_names(data)
    return render(
        request, "partnership.html", name=name, data=data, problem=problem, steps=steps, base=sha256(raw),
        names=names, names_only=names_only,
        documents=documents, soffice=state.soffice, versions=state.workspace.versions(name),
        others=[n for n in state.workspace.files() if n != name],
    )


async def _form_data(request: Request):
    form = await request.form(max_fields=MAX_FIELDS, max_files=0)
    return form, read_form(form.multi_items())


async def preview(request: Request) -> Response:
    """The form's current data validated, checked and one document drafted (JSON for the page's script)."""
    name = request.path_params["name"]
    state = request.app.state
    if not csrf_ok(request):
        return _refuse_csrf(request)
    _, data = await _form_data(request)
    original = _original(state.workspace, name)
    result = state.drafting.preview(carry_unknown(original, data), name, request.query_params.get("doc"))
    return JSONResponse(result.as_json())


_ORIGINALS: dict[str, tuple[tuple, object]] = {}


def _original(workspace: Workspace, name: str):
    """The file's data as saved (for the keys the form cannot show), remembered by its stat."""
    path = workspace.resolve(name)
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino)
    found = _ORIGINALS.get(name)
    if found is not None and found[0] == key:
        return found[1]
    try:
        data = parse_data(Path(name), workspace.read(name))
    except DataError:
        data = {}
    if len(_ORIGINALS) > 256:
        _ORIGINALS.clear()
    _ORIGINALS[name] = (key, data)
    return data


async def save(request: Request) -> Response:
    """Write the form's data into the file (comments and order kept; previous version kept; conflicts refused)."""
    name = request.path_params["name"]
    state = request.app.state
    if not csrf_ok(request):
        return _refuse_csrf(request)
    form, data = await _form_data(request)
    base = form.get("_base")
    if request.query_params.get("overwrite") == "1":
        base = None
    raw = state.workspace.read(name)
    new = updated_file(name, raw, carry_unknown(parse_data(Path(name), raw), data))
    digest = state.workspace.save(name, new, base if isinstance(base, str) else sha256(raw))
    when = _dt.datetime.now().strftime("%H:%M:%S")
    return JSONResponse({"ok": True, "sha256": digest, "message": f"Saved {name} at {when}; the previous version is kept."})


async def download(request: Request) -> Response:
    """The pack as a .zip (``?pdf=1``: with PDFs; ``?allow_errors=1``: despite consistency errors)."""
    name = request.path_params["name"]
    state = request.app.state
    pdf = request.query_params.get("pdf") == "1"
    data = state.drafting.pack_zip(name, pdf=pdf, allow_errors=request.query_params.get("allow_errors") == "1")
    stem = PurePosixPath(name).stem
    return Response(data, media_type="application/zip", headers=_attachment(f"{stem}-pack.zip"))


async def document(request: Request) -> Response:
    """One file of the pack: ``?file=<stem>.docx``, ``<stem>.pdf`` or ``manifest.json``."""
    name = request.path_params["name"]
    file = request.query_params.get("file", "")
    data = request.app.state.drafting.document(name, file)
    media = _DOCX if file.endswith(".docx") else "application/pdf" if file.endswith(".pdf") else "application/json"
    return Response(data, media_type=media, headers=_attachment(file))


def _attachment(filename: str) -> dict[str, str]:
    safe = re.sub(r"[^A-Za-z0-9._\-]+", "-", filename)
    return {"Content-Disposition": f'attachment; filename="{safe}"', "X-Content-Type-Options": "nosniff"}


async def check_upload(request: Request) -> Response:
    """Upload edited Word files (or a zip) and see the findings by document, and the hand edits."""
    name = request.path_params["name"]
    state = request.app.state
    state.workspace.resolve(name)
    if request.method == "GET":
        return render(request, "check.html", name=name, result=None)
    async with request.form(max_files=50, max_fields=10, max_part_size=MAX_UPLOAD_BYTES) as form:
        if not csrf_ok(request, form):
            return _refuse_csrf(request)
        uploads = []
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and item.filename:
                uploads.append((item.filename, await item.read()))
    if not uploads:
        raise DataError("choose the edited Word files (.docx) or a .zip of the pack to upload")
    if sum(len(d) for _, d in uploads) > MAX_UPLOAD_BYTES:
        raise DataError(f"the upload is larger than {MAX_UPLOAD_BYTES:,} bytes")
    result = state.drafting.check_upload(name, uploads)
    return render(request, "check.html", name=name, result=result)


# ---- versions ---------------------------------------------------------------------------------


def _version_choices(workspace: Workspace) -> list[tuple[str, str]]:
    out = []
    for name in workspace.files():
        out.append((name, name))
        out += [(v.name, f"{name}: {v.label}") for v in workspace.versions(name)]
    return out


async def compare_page(request: Request) -> Response:
    """Pick two versions (files or saved history) and see the diff, the redline and the variation."""
    old = request.query_params.get("old", "")
    new = request.query_params.get("new", "")
    workspace = request.app.state.workspace
    if old and new:
        workspace.resolve(old, history=True)
        workspace.resolve(new, history=True)
    return render(request, "compare.html", choices=_version_choices(workspace), old=old, new=new, history=HISTORY_DIR)


async def compare_report(request: Request) -> Response:
    """The clause-aligned HTML report of ``ncm-docs diff --html`` (shown in a frame)."""
    html = request.app.state.drafting.compare_html(request.query_params.get("old", ""), request.query_params.get("new", ""))
    return HTMLResponse(html, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


async def compare_redline(request: Request) -> Response:
    """Word redlines of every changed document, as a .zip."""
    data = request.app.state.drafting.redline_zip(request.query_params.get("old", ""), request.query_params.get("new", ""))
    return Response(data, media_type="application/zip", headers=_attachment("redlines.zip"))


async def compare_vary(request: Request) -> Response:
    """The variation paperwork (``ncm-docs vary``) as a .zip."""
    data = request.app.state.drafting.vary_zip(request.query_params.get("old", ""), request.query_params.get("new", ""))
    return Response(data, media_type="application/zip", headers=_attachment("variation.zip"))


# ---- the clause library ----------------------------------------------------------------------------


def _clause_rows(library, query: str):
    from ..library.clause import PARTS

    rows = sorted(library.clauses.values(), key=lambda c: (c.meta.documents[0], PARTS.index(c.meta.part), c.meta.order, c.id))
    if query:
        words = query.lower().split()
        rows = [c for c in rows if all(w in f"{c.id} {c.title} {c.meta.note} {c.raw_body}".lower() for w in words)]
    return rows


async def clauses_page(request: Request) -> Response:
    """Every clause, grouped by document type, with search."""
    library = request.app.state.drafting.library
    query = request.query_params.get("q", "").strip()[:200]
    groups: dict[str, list] = {}
    for clause in _clause_rows(library, query):
        groups.setdefault(clause.meta.documents[0], []).append(clause)
    titles = {k: v.title for k, v in library.info.documents.items()}
    return render(request, "clauses.html", groups=groups, titles=titles, query=query, library=library)


def _clause_context(request: Request) -> dict:
    library = request.app.state.drafting.library
    clause = library.get(request.path_params["clause_id"])
    example = request.app.state.drafting.examples().get(clause.id)
    return {"clause": clause, "alternatives": alternative_texts(clause.raw_body), "example": example,
            "choice": request.query_params.get("choice", "")}


async def clause_page(request: Request) -> Response:
    """One clause: drafting note, alternatives, and its wording drafted for a sample."""
    return render(request, "clause.html", **_clause_context(request))


async def clause_panel(request: Request) -> Response:
    """The same, as a fragment for the preview's side panel."""
    return render(request, "_clause_panel.html", **_clause_context(request))
