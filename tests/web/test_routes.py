"""Every route of the web app over HTTP (Starlette's TestClient)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import yaml
from web.webhelpers import csrf_of, form_fields, post_form, with_value


def _page(client, name="northshire.yaml"):
    response = client.get(f"/edit/{name}")
    assert response.status_code == 200
    return response.text


def test_home_lists_each_partnership_with_shape_version_status_and_check(client):
    page = client.get("/").text
    assert "Northshire Integrated Care Partnership" in page
    assert 'href="/edit/northshire.yaml"' in page
    assert 'href="/edit/history/v1.yaml"' in page
    assert "Lead provider + alliance: 2 commissioners, 4 providers (3 subcontracted), unanimous decisions" in page
    assert "no problems found" in page


def test_home_shows_an_unreadable_file_without_failing(client, folder):
    (folder / "broken.yaml").write_text("partnership: [unclosed\n", encoding="utf-8")
    page = client.get("/").text
    assert "broken.yaml" in page and "cannot be read" in page


def test_home_skips_pack_folders_and_history(client, folder):
    (folder / "out").mkdir()
    (folder / "out" / "manifest.json").write_text("{}", encoding="utf-8")
    (folder / "out" / "other.json").write_text("{}", encoding="utf-8")
    page = client.get("/").text
    assert "other.json" not in page


def test_partnership_page_has_every_step_and_labelled_fields(client):
    page = _page(client)
    for step in ("Partnership", "Commissioners", "Providers", "Services", "Head contract", "Subcontracts", "Governance", "Money", "Information sharing", "History"):
        assert f">{step}<" in page
    assert '<label for="f-providers-0-legal-name">Legal name</label>' in page
    assert 'value="Northshire Hospitals NHS Foundation Trust"' in page
    # references are pickers of short names, dates are date inputs, money shows its unit
    assert 'data-ref="providers"' in page
    assert 'type="date" value="2027-03-15"' in page
    assert '<span class="unit" aria-hidden="true">£</span>' in page
    assert 'href="/download/northshire.yaml"' in page and ">Download the pack (.zip)<" in page


def test_posting_the_page_unchanged_previews_cleanly(client):
    page = _page(client)
    fields = form_fields(page)
    response = post_form(client, "/preview/northshire.yaml?doc=alliance-agreement", fields, csrf_of(page))
    body = response.json()
    assert response.status_code == 200
    assert body["errors"] == [], body["errors"]
    assert body["findings"] == []
    assert body["document"] == "alliance-agreement"
    assert "Alliance Agreement" in body["html"] and 'data-clause="alliance.decision-making"' in body["html"]
    assert [d["stem"] for d in body["documents"]][0] == "lead-provider-contract"


def test_preview_puts_a_validation_error_on_its_field(client):
    page = _page(client)
    fields = with_value(form_fields(page), "providers[1].short_name", "")
    body = post_form(client, "/preview/northshire.yaml", fields, csrf_of(page)).json()
    assert {"path": "providers[1].short_name", "message": "This is required."} in body["errors"]
    assert body["html"] == ""


def test_preview_puts_a_check_finding_on_its_field(client):
    page = _page(client)
    fields = with_value(form_fields(page), "alliance.governance.quorum", "9")
    body = post_form(client, "/preview/northshire.yaml", fields, csrf_of(page)).json()
    assert body["errors"] == []
    quorum = [f for f in body["findings"] if f["path"] == "alliance.governance.quorum"]
    assert quorum and quorum[0]["severity"] == "error"


def test_preview_and_save_refuse_a_request_without_the_csrf_token(client, folder):
    page = _page(client)
    before = (folder / "northshire.yaml").read_bytes()
    assert post_form(client, "/preview/northshire.yaml", form_fields(page)).status_code == 403
    assert post_form(client, "/save/northshire.yaml", form_fields(page)).status_code == 403
    assert post_form(client, "/save/northshire.yaml", form_fields(page), "wrong").status_code == 403
    assert (folder / "northshire.yaml").read_bytes() == before


def test_save_keeps_comments_and_order_and_the_previous_version(client, folder):
    page = _page(client)
    before = (folder / "northshire.yaml").read_text(encoding="utf-8")
    fields = with_value(form_fields(page), "alliance.governance.quorum", "3")
    response = post_form(client, "/save/northshire.yaml", fields, csrf_of(page))
    assert response.status_code == 200 and response.json()["ok"]
    after = (folder / "northshire.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("    quorum: 4", "    quorum: 3")]
    assert after.startswith("# Northshire Integrated Care Partnership: the seed sample.")
    kept = list((folder / ".ncm-docs-history" / "northshire.yaml").iterdir())
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == before


def test_save_quotes_text_yaml_would_misread(client, folder):
    page = _page(client)
    fields = with_value(form_fields(page), "partnership.short_name", "Yes")
    fields = with_value(fields, "document.version", "0777")
    post_form(client, "/save/northshire.yaml", fields, csrf_of(page))
    data = yaml.safe_load((folder / "northshire.yaml").read_text(encoding="utf-8"))
    assert data["partnership"]["short_name"] == "Yes" and data["document"]["version"] == "0777"


def test_a_second_tab_saving_the_same_file_gets_a_conflict(client, folder):
    first, second = _page(client), _page(client)
    token = csrf_of(first)
    ok = post_form(client, "/save/northshire.yaml", with_value(form_fields(first), "alliance.governance.quorum", "3"), token)
    assert ok.status_code == 200
    saved = (folder / "northshire.yaml").read_bytes()
    clash = post_form(client, "/save/northshire.yaml", with_value(form_fields(second), "partnership.area", "the Shire"), token)
    assert clash.status_code == 409
    assert "changed after this page loaded it" in clash.json()["message"]
    assert (folder / "northshire.yaml").read_bytes() == saved
    forced = post_form(client, "/save/northshire.yaml?overwrite=1", with_value(form_fields(second), "partnership.area", "the Shire"), token)
    assert forced.status_code == 200
    assert "area: the Shire" in (folder / "northshire.yaml").read_text(encoding="utf-8")
    assert len(list((folder / ".ncm-docs-history" / "northshire.yaml").iterdir())) == 2


def test_adding_a_partner_through_the_form_reaches_the_file(client, folder):
    page = _page(client)
    fields = form_fields(page)
    new = [(n.replace("providers[3]", "providers[7]"), v) for n, v in fields if n.startswith("providers[3].")]
    new = [(n, {"providers[7].short_name": "SCH", "providers[7].legal_name": "St Cuthbert's Hospice"}.get(n, v)) for n, v in new]
    response = post_form(client, "/save/northshire.yaml", fields + new, csrf_of(page))
    assert response.json()["ok"]
    data = yaml.safe_load((folder / "northshire.yaml").read_text(encoding="utf-8"))
    assert [p["short_name"] for p in data["providers"]] == ["NHFT", "NWMH", "NGPF", "NCH", "SCH"]
    assert data["providers"][4]["legal_name"] == "St Cuthbert's Hospice"


def test_download_is_the_pack_as_built(client, folder, library):
    from ncm_docs.pack import build_pack

    response = client.get("/download/northshire.yaml")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    built = build_pack(folder / "northshire.yaml", folder / "out", library=library)
    expected = {item["file"] for item in built.documents} | {"manifest.json"}
    assert set(archive.namelist()) == expected
    for name in expected:
        assert archive.read(name) == (folder / "out" / name).read_bytes(), name
    assert client.get("/download/northshire.yaml").content == response.content  # deterministic


def test_download_refuses_a_partnership_with_consistency_errors(client, folder):
    text = (folder / "northshire.yaml").read_text(encoding="utf-8").replace("quorum: 4", "quorum: 9")
    (folder / "northshire.yaml").write_text(text, encoding="utf-8")
    response = client.get("/download/northshire.yaml")
    assert response.status_code == 422
    assert "NCM" in response.text and "consistency error" in response.text
    assert client.get("/download/northshire.yaml?allow_errors=1").status_code == 200


def test_single_documents_and_the_manifest(client):
    docx = client.get("/document/northshire.yaml?file=subcontract-nwmh.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert 'filename="subcontract-nwmh.docx"' in docx.headers["content-disposition"]
    manifest = client.get("/document/northshire.yaml?file=manifest.json")
    assert json.loads(manifest.content)["partnership"] == "Northshire Integrated Care Partnership"
    assert client.get("/document/northshire.yaml?file=../../etc/passwd.docx").status_code == 404


@pytest.mark.libreoffice
def test_a_pdf_of_one_document(client, soffice):
    response = client.get("/document/northshire.yaml?file=subcontract-nch.pdf")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"


def test_check_an_edited_document_shows_the_finding_and_the_edit(client, folder):
    from ncm_docs.docx.reader import read_docx_bytes_parts

    drafted = client.get("/document/northshire.yaml?file=subcontract-nwmh.docx").content
    parts = read_docx_bytes_parts(drafted, "x.docx")
    xml = parts["word/document.xml"].decode("utf-8")
    assert "22,600,000" in xml
    parts["word/document.xml"] = xml.replace("22,600,000", "23,100,000", 1).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    page = client.get("/check/northshire.yaml").text
    response = client.post("/check/northshire.yaml", data={"_csrf": csrf_of(page)},
                           files={"files": ("subcontract-nwmh.docx", buffer.getvalue(), "application/octet-stream")})
    assert response.status_code == 200
    assert "subcontract-nwmh.docx" in response.text
    assert "23,100,000" in response.text and "22,600,000" in response.text
    assert "NCM2" in response.text


def test_check_accepts_a_zip_of_the_pack(client):
    pack = client.get("/download/northshire.yaml").content
    page = client.get("/check/northshire.yaml").text
    response = client.post("/check/northshire.yaml", data={"_csrf": csrf_of(page)}, files={"files": ("pack.zip", pack, "application/zip")})
    assert response.status_code == 200 and "No problems found" in response.text


def test_check_refuses_a_zip_bomb_and_a_docx_with_a_doctype(client):
    page = client.get("/check/northshire.yaml").text
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("alliance-agreement.docx", b"\0" * 5_000_000)
    response = client.post("/check/northshire.yaml", data={"_csrf": csrf_of(page)}, files={"files": ("pack.zip", bomb.getvalue(), "application/zip")})
    assert response.status_code == 400 and "zip bomb" in response.text
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>')
    response = client.post("/check/northshire.yaml", data={"_csrf": csrf_of(page)}, files={"files": ("alliance-agreement.docx", evil.getvalue(), "application/octet-stream")})
    assert response.status_code == 400 and "DOCTYPE" in response.text and "root:" not in response.text


def test_check_without_the_csrf_token_is_refused(client):
    response = client.post("/check/northshire.yaml", files={"files": ("x.docx", b"PK", "application/octet-stream")})
    assert response.status_code == 403


def test_compare_page_report_redline_and_vary(client):
    page = client.get("/compare?old=history/v1.yaml&new=history/v2.yaml")
    assert page.status_code == 200 and "/compare/report?old=history/v1.yaml" in page.text.replace("%2F", "/")
    report = client.get("/compare/report", params={"old": "history/v1.yaml", "new": "history/v2.yaml"})
    assert report.status_code == 200 and "Partnership data" in report.text and "<del>" in report.text
    redline = client.get("/compare/redline", params={"old": "history/v1.yaml", "new": "history/v2.yaml"})
    names = zipfile.ZipFile(io.BytesIO(redline.content)).namelist()
    assert "redline-alliance-agreement.docx" in names
    vary = client.get("/compare/vary", params={"old": "history/v1.yaml", "new": "history/v2.yaml"})
    assert vary.status_code == 200
    assert any(n.startswith("deed-of-variation") for n in zipfile.ZipFile(io.BytesIO(vary.content)).namelist())


def test_compare_with_a_saved_version(client, folder):
    page = _page(client)
    post_form(client, "/save/northshire.yaml", with_value(form_fields(page), "alliance.governance.quorum", "3"), csrf_of(page))
    kept = next((folder / ".ncm-docs-history" / "northshire.yaml").iterdir()).name
    old = f".ncm-docs-history/northshire.yaml/{kept}"
    assert old in client.get("/compare").text
    report = client.get("/compare/report", params={"old": old, "new": "northshire.yaml"})
    assert report.status_code == 200 and "quorum" in report.text


def test_vary_refusal_is_explained(client):
    response = client.get("/compare/vary", params={"old": "history/v2.yaml", "new": "history/v1.yaml"})
    assert response.status_code == 400 and "There is a problem" in response.text


def test_clause_library_search_page_and_panel(client):
    listing = client.get("/clauses")
    assert listing.status_code == 200 and "alliance.decision-making" in listing.text
    found = client.get("/clauses?q=deadlock").text
    assert "alliance.deadlock" in found and "lead.services" not in found
    page = client.get("/clauses/alliance.decision-making").text
    assert "Drafting note" in page and "unanimity" in page and "majority" in page
    assert "Example wording" in page and 'class="doc doc-excerpt"' in page
    panel = client.get("/clauses/alliance.decision-making/panel?choice=unanimity").text
    assert "alternative-chosen" in panel and "<html" not in panel
    assert client.get("/clauses/no.such-clause").status_code == 400


def test_new_partnership_from_the_starter_and_a_sample_never_overwrites(client, folder):
    token = csrf_of(client.get("/").text)
    response = client.post("/new", data={"_csrf": token, "source": "starter", "file_name": "northshire.yaml"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/edit/northshire-2.yaml"
    assert (folder / "northshire-2.yaml").read_text(encoding="utf-8").startswith("# A new partnership")
    response = client.post("/new", data={"_csrf": token, "source": "mcp-weighted-vote.yaml", "file_name": ""}, follow_redirects=False)
    assert response.headers["location"] == "/edit/mcp-weighted-vote.yaml"
    assert client.post("/new", data={"_csrf": token, "source": "../../etc/passwd"}).status_code == 400
    assert client.post("/new", data={"source": "starter"}).status_code == 403


def test_the_starter_drafts_cleanly(client, folder):
    token = csrf_of(client.get("/").text)
    client.post("/new", data={"_csrf": token, "source": "starter", "file_name": "fresh.yaml"})
    page = _page(client, "fresh.yaml")
    body = post_form(client, "/preview/fresh.yaml", form_fields(page), csrf_of(page)).json()
    assert body["errors"] == [] and not [f for f in body["findings"] if f["severity"] == "error"] and body["html"]


def test_upload_a_partnership_file(client, folder):
    token = csrf_of(client.get("/").text)
    data = (folder / "northshire.yaml").read_bytes()
    response = client.post("/upload", data={"_csrf": token}, files={"file": ("../../evil name.yaml", data, "text/yaml")}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/edit/evil-name.yaml"
    assert (folder / "evil-name.yaml").read_bytes() == data


def test_upload_refuses_a_yaml_bomb_and_object_tags(client, folder):
    token = csrf_of(client.get("/").text)
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    response = client.post("/upload", data={"_csrf": token}, files={"file": ("bomb.yaml", bomb.encode(), "text/yaml")})
    assert response.status_code == 400 and "alias bomb" in response.text
    tag = b"partnership: !!python/object/apply:os.system ['true']\n"
    response = client.post("/upload", data={"_csrf": token}, files={"file": ("tag.yaml", tag, "text/yaml")})
    assert response.status_code == 400 and "tags that build Python objects are refused" in response.text
    assert sorted(p.name for p in folder.iterdir()) == ["history", "northshire.yaml"]


def test_a_file_that_cannot_be_parsed_is_shown_not_lost(client, folder):
    (folder / "broken.yaml").write_text("partnership:\n  name: [unclosed\n", encoding="utf-8")
    page = client.get("/edit/broken.yaml")
    assert page.status_code == 200 and "This file cannot be opened in the form" in page.text
    assert 'id="partnership-form"' not in page.text


def test_unknown_keys_in_the_file_are_reported_and_kept_by_a_save(client, folder):
    text = (folder / "northshire.yaml").read_text(encoding="utf-8").replace("  area: the County", "  areaa: typo kept\n  area: the County")
    (folder / "northshire.yaml").write_text(text, encoding="utf-8")
    page = _page(client)
    fields = form_fields(page)
    body = post_form(client, "/preview/northshire.yaml", fields, csrf_of(page)).json()
    assert any(e["path"] == "partnership.areaa" for e in body["errors"])
    post_form(client, "/save/northshire.yaml", with_value(fields, "alliance.governance.quorum", "3"), csrf_of(page))
    assert "areaa: typo kept" in (folder / "northshire.yaml").read_text(encoding="utf-8")


def test_a_crashing_request_does_not_take_the_server_down(client, monkeypatch):
    from ncm_docs.web import drafting

    def boom(*args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr(drafting.Drafting, "pack_zip", boom)
    response = client.get("/download/northshire.yaml")
    assert response.status_code == 500 and "simulated fault" in response.text and "still running" in response.text
    assert client.get("/").status_code == 200


def test_static_assets_are_served_from_the_package(client):
    assert "function" in client.get("/static/app.js").text
    assert "--blue" in client.get("/static/app.css").text
    page = client.get("/").text
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
