"""The web app in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

Select with ``pytest -m browser``; CI runs them with everything else. Accessibility is
checked with axe-core (vendored in tests/web/vendor/) on the main pages.
"""

from __future__ import annotations

import io
import os
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("NCM_DOCS_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(os.environ.get("NCM_DOCS_SCREENSHOTS", "")) if os.environ.get("NCM_DOCS_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for the module; in CI a missing browser fails instead of skipping."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture
def server(folder, library):
    """The app over ``folder``, served by uvicorn on a free loopback port for one test."""
    import uvicorn

    from ncm_docs.commands.serve import allowed_hosts
    from ncm_docs.web.app import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(folder, hosts=allowed_hosts("127.0.0.1", port), library=library)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert uv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser, server):
    """A fresh browser page whose uncaught script errors fail the test."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.base = server
    yield page
    context.close()
    assert not errors, errors


def _open(page, name="northshire.yaml"):
    page.goto(f"{page.base}/edit/{name}")
    page.wait_for_selector("#preview-body article.doc")


def _tab(page, title):
    page.get_by_role("tab", name=title).click()


def test_editing_a_field_updates_the_preview_and_a_finding(page):
    _open(page)
    page.select_option("#preview-doc", "alliance-agreement")
    page.wait_for_selector("#preview-body article[aria-label*='Alliance Agreement']")
    _tab(page, "Providers")
    page.fill("#f-providers-1-legal-name", "Wealdmoor Minds NHS Trust")
    page.wait_for_selector("#preview-body :text('Wealdmoor Minds NHS Trust')")
    _tab(page, "Governance")
    page.fill("#f-alliance-governance-quorum", "9")
    message = page.locator('[data-path="alliance.governance.quorum"] .field-msg')
    message.wait_for(state="visible")
    assert "NCM" in message.inner_text()
    assert page.locator("#findings .sev-error").count() >= 1
    page.fill("#f-alliance-governance-quorum", "4")
    message.wait_for(state="hidden")
    if SCREENSHOTS:
        page.screenshot(path=str(SCREENSHOTS / "partnership.png"))


def test_a_validation_error_appears_next_to_its_field_and_in_the_summary(page):
    _open(page)
    _tab(page, "Commissioners")
    page.fill("#f-commissioners-0-address-postcode", "")
    message = page.locator('[data-path="commissioners[0].address.postcode"] .field-msg')
    message.wait_for(state="visible")
    assert message.inner_text() == "This is required."
    assert page.locator("#f-commissioners-0-address-postcode").get_attribute("aria-invalid") == "true"
    summary = page.locator("#error-summary")
    assert summary.is_visible() and "commissioners[0].address.postcode" in summary.inner_text()


def test_adding_a_partner_offers_it_in_the_pickers_and_saves_it(page, folder):
    _open(page)
    _tab(page, "Providers")
    page.get_by_role("button", name="Add provider").click()
    new = page.locator("[data-item]").filter(has=page.locator("legend:text('Provider 5')"))
    new.locator("[name$='.legal_name']").fill("St Cuthbert's Hospice")
    new.locator("[name$='.short_name']").fill("SCH")
    _tab(page, "Subcontracts")
    page.get_by_role("button", name="Add subcontract").click()
    options = page.locator("#panel-7 [data-item]").last.locator("select[data-ref='providers'] option").all_inner_texts()
    assert "SCH: St Cuthbert's Hospice" in options
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#save-status[data-state='saved']")
    text = (folder / "northshire.yaml").read_text(encoding="utf-8")
    assert "short_name: SCH" in text and "legal_name: St Cuthbert's Hospice" in text
    assert text.startswith("# Northshire Integrated Care Partnership")


def test_two_tabs_saving_the_same_file_show_a_conflict(browser, server, folder):
    context = browser.new_context()
    context.set_default_timeout(10_000)
    first, second = context.new_page(), context.new_page()
    for p in (first, second):
        p.goto(f"{server}/edit/northshire.yaml")
        p.wait_for_selector("#preview-body article.doc")
    first.get_by_role("tab", name="Governance").click()
    first.fill("#f-alliance-governance-quorum", "3")
    first.get_by_role("button", name="Save").click()
    first.wait_for_selector("#save-status[data-state='saved']")
    second.get_by_role("tab", name="Partnership").click()
    second.fill("#f-partnership-area", "the Shire")
    second.get_by_role("button", name="Save").click()
    second.wait_for_selector("#conflict:not([hidden])")
    assert "quorum: 3" in (folder / "northshire.yaml").read_text(encoding="utf-8")
    assert "the Shire" not in (folder / "northshire.yaml").read_text(encoding="utf-8")
    context.close()


def test_downloading_the_pack_gives_documents_python_docx_opens(page, tmp_path):
    import docx

    _open(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the pack (.zip)").click()
    path = tmp_path / "pack.zip"
    info.value.save_as(path)
    archive = zipfile.ZipFile(path)
    assert "manifest.json" in archive.namelist()
    document = docx.Document(io.BytesIO(archive.read("alliance-agreement.docx")))
    assert any("Alliance Agreement" in p.text or "ALLIANCE AGREEMENT" in p.text.upper() for p in document.paragraphs)


def test_uploading_an_edited_document_shows_the_finding(page, folder, tmp_path, library):
    from ncm_docs.docx.reader import read_docx_bytes_parts
    from ncm_docs.pack import build_pack

    build_pack(folder / "northshire.yaml", tmp_path / "pack", library=library)
    parts = read_docx_bytes_parts((tmp_path / "pack" / "subcontract-nwmh.docx").read_bytes(), "x.docx")
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"22,600,000", b"23,100,000", 1)
    edited = tmp_path / "subcontract-nwmh.docx"
    with zipfile.ZipFile(edited, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    page.goto(f"{page.base}/edit/northshire.yaml")
    page.get_by_role("link", name="Check edited documents").click()
    page.set_input_files("#check-files", str(edited))
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#result-title")
    body = page.locator(".result").inner_text()
    assert "subcontract-nwmh.docx" in body and "23,100,000" in body and "NCM2" in body


def test_the_clause_panel_opens_from_the_preview_and_closes_with_escape(page):
    _open(page)
    page.select_option("#preview-doc", "alliance-agreement")
    page.wait_for_selector("#preview-body [data-clause='alliance.decision-making']")
    page.locator("#preview-body [data-clause='alliance.decision-making'] .clause-about").click()
    panel = page.locator("#clause-panel")
    panel.wait_for(state="visible")
    assert "Drafting note" in panel.inner_text() and "unanimity" in panel.inner_text()
    assert "used" in panel.locator(".alternative-chosen").inner_text().lower()
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.classList.contains('clause-about')")


def test_keyboard_only_use_of_tabs_lists_and_saving(page, folder):
    _open(page)
    page.focus("#tab-1")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "tab-2"
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate("document.activeElement.textContent").startswith("Alliance")
    assert page.locator("#panel-9").is_visible()  # the Alliance step, after "Section 75 and staff"
    add = page.get_by_role("button", name="Add objective")
    add.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.name")
    assert focused.startswith("alliance.objectives[")
    page.keyboard.type("keep people out of hospital when they need not be there")
    page.keyboard.press("Control+s")
    page.wait_for_selector("#save-status[data-state='saved']")
    assert "keep people out of hospital" in (folder / "northshire.yaml").read_text(encoding="utf-8")


def test_the_skip_link_is_the_first_stop(page):
    page.goto(page.base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"


@pytest.mark.parametrize("path", ["/", "/edit/northshire.yaml", "/clauses", "/clauses/alliance.decision-making",
                                  "/compare?old=history/v1.yaml&new=history/v2.yaml", "/check/northshire.yaml"])
def test_no_serious_or_critical_accessibility_violations(page, path):
    page.goto(page.base + path)
    if path.startswith("/edit/"):
        page.wait_for_selector("#preview-body article.doc")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    if SCREENSHOTS and path == "/":
        page.screenshot(path=str(SCREENSHOTS / "home.png"))


def test_every_form_control_has_a_label(page):
    _open(page)
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('#partnership-form input:not([type=hidden]), #partnership-form select, #partnership-form textarea'))
        .filter(el => !el.closest('template') && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
        .map(el => el.name)""")
    assert unlabelled == []
