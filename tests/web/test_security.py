"""The web app's guards: the folder's boundary, tokens, hosts, CSRF, origins, size limits."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient
from web.webhelpers import csrf_of, form_fields, post_form

from ncm_docs.errors import PathRefused
from ncm_docs.web.workspace import Workspace

TRAVERSALS = [
    "../secret.yaml", "history/../../secret.yaml", "/etc/passwd.yaml", "%2e%2e/secret.yaml", "..%2fsecret.yaml",
    "C:/secret.yaml", "history\\..\\..\\secret.yaml", "link.yaml", ".ncm-docs-history/x.yaml", "northshire.yaml%00.yaml",
]


@pytest.fixture
def outside(folder):
    """A partnership file next to the workspace (outside it), and a symlink to it inside."""
    secret = folder.parent / "secret.yaml"
    secret.write_text((folder / "northshire.yaml").read_text(encoding="utf-8").replace("Northshire Integrated", "SECRET Integrated"), encoding="utf-8")
    (folder / "link.yaml").symlink_to(secret)
    return secret


@pytest.mark.parametrize("name", TRAVERSALS)
def test_no_url_reads_a_file_outside_the_folder(client, outside, name):
    for url in (f"/edit/{name}", f"/download/{name}", f"/document/{name}?file=manifest.json", f"/check/{name}"):
        response = client.get(url)
        assert response.status_code in (404, 400), url
        assert "SECRET" not in response.text


@pytest.mark.parametrize("name", TRAVERSALS)
def test_no_compare_reads_a_file_outside_the_folder(client, outside, name):
    response = client.get("/compare/report", params={"old": name, "new": "northshire.yaml"})
    assert response.status_code in (400, 404) and "SECRET" not in response.text


def test_no_save_writes_outside_the_folder(client, outside, folder):
    page = client.get("/edit/northshire.yaml").text
    before = outside.read_bytes()
    for name in ("../secret.yaml", "link.yaml", "history/../../secret.yaml"):
        response = post_form(client, f"/save/{name}", form_fields(page), csrf_of(page))
        assert response.status_code in (404, 400)
    assert outside.read_bytes() == before


def test_the_workspace_refuses_names_that_leave_it(folder, outside):
    workspace = Workspace(folder)
    for name in TRAVERSALS + ["", ".", "..", "a" * 500 + ".yaml", "notes.txt"]:
        with pytest.raises(PathRefused):
            workspace.resolve(name)
    assert workspace.resolve("history/v1.yaml") == folder / "history" / "v1.yaml"
    assert "link.yaml" not in workspace.files()


def test_a_house_style_folder_outside_the_workspace_is_refused(client, folder, tmp_path):
    style = tmp_path / "elsewhere"
    style.mkdir()
    text = (folder / "northshire.yaml").read_text(encoding="utf-8").replace('  status: draft', '  status: draft\n  house_style: ../elsewhere')
    (folder / "northshire.yaml").write_text(text, encoding="utf-8")
    response = client.get("/download/northshire.yaml")
    assert response.status_code == 404 and "outside the folder" in response.text


def test_a_token_guards_every_request_when_one_is_set(folder, library):
    from ncm_docs.web.app import create_app

    app = create_app(folder, token="s3cret-token", library=library)
    with TestClient(app) as client:
        assert client.get("/").status_code == 403
        assert client.get("/static/app.css").status_code == 403
        assert client.get("/?token=wrong").status_code == 403
        response = client.get("/?token=s3cret-token", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/"
        assert "ncm_docs_token=s3cret-token" in response.headers["set-cookie"] and "httponly" in response.headers["set-cookie"].lower()
        assert client.get("/").status_code == 200  # the cookie now carries it


def test_the_host_header_must_name_this_server(folder, library):
    from ncm_docs.commands.serve import allowed_hosts
    from ncm_docs.web.app import create_app

    app = create_app(folder, hosts=allowed_hosts("127.0.0.1", 8400), library=library)
    with TestClient(app, base_url="http://127.0.0.1:8400") as client:
        assert client.get("/").status_code == 200
        assert client.get("/", headers={"Host": "localhost:8400"}).status_code == 200
        assert client.get("/", headers={"Host": "evil.example:8400"}).status_code == 421


def test_cross_site_posts_are_refused_even_with_the_token(client):
    page = client.get("/edit/northshire.yaml").text
    fields, token = form_fields(page), csrf_of(page)
    assert post_form(client, "/save/northshire.yaml", fields, token, **{}).status_code == 200
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post("/save/northshire.yaml", content="a=b", headers={"X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded", **headers})
        assert response.status_code == 403


def test_oversized_bodies_are_refused_before_they_are_read(client):
    from ncm_docs.web.drafting import MAX_UPLOAD_BYTES

    token = csrf_of(client.get("/").text)
    response = client.post("/upload", content=b"x" * (MAX_UPLOAD_BYTES + 2 * 1024 * 1024),
                           headers={"X-CSRF-Token": token, "Content-Type": "application/octet-stream"})
    assert response.status_code == 413


def test_serve_binds_loopback_by_default_and_asks_for_a_token_elsewhere():
    from ncm_docs.commands.serve import allowed_hosts, is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
    assert "127.0.0.1:8400" in allowed_hosts("127.0.0.1", 8400)
    assert allowed_hosts("0.0.0.0", 8400) is None


def test_serve_help_and_options():
    from click.testing import CliRunner

    from ncm_docs.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--no-browser" in result.output and "127.0.0.1" in result.output and "Examples:" in result.output
    result = CliRunner().invoke(main, ["serve", "no-such-folder"])
    assert result.exit_code == 2 and "does not exist" in result.output


def test_serve_starts_uvicorn_with_the_token_for_other_hosts(monkeypatch, folder):
    import uvicorn
    from click.testing import CliRunner

    from ncm_docs.cli import main

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(kw, app=app))
    result = CliRunner().invoke(main, ["serve", str(folder), "--no-browser", "--port", "8499"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8499 and "?token=" not in result.output
    result = CliRunner().invoke(main, ["serve", str(folder), "--no-browser", "--host", "0.0.0.0"])
    assert result.exit_code == 0 and "?token=" in result.output and "only people given this address" in result.output
