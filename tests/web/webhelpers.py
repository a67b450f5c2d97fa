"""Helpers for the web tests: enough of a browser to read a page's token and post its form."""

from __future__ import annotations

import re


def csrf_of(html: str) -> str:
    """The CSRF token a page carries."""
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def form_fields(html: str) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser would post from the partnership form, templates and
    disabled alternatives left out (enough of a browser for HTTP-level tests)."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.fields: list[tuple[str, str]] = []
            self.skip = 0  # inside <template> or a disabled fieldset
            self.stack: list[bool] = []
            self.select: str | None = None
            self.option: str | None = None
            self.selected_value: str | None = None
            self.first_value: str | None = None
            self.textarea: str | None = None
            self.text = ""

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("template",) or (tag == "fieldset" and "disabled" in a):
                self.skip += 1
                self.stack.append(True)
                return
            if tag in ("template", "fieldset"):
                self.stack.append(False)
            if self.skip:
                return
            if tag == "input" and a.get("name"):
                kind = a.get("type", "text")
                if kind == "checkbox" and "checked" not in a:
                    return
                if kind == "file":
                    return
                self.fields.append((a["name"], a.get("value", "")))
            elif tag == "select" and a.get("name"):
                self.select, self.selected_value, self.first_value = a["name"], None, None
            elif tag == "option" and self.select:
                value = a.get("value", "")
                if self.first_value is None:
                    self.first_value = value
                if "selected" in a:
                    self.selected_value = value
            elif tag == "textarea" and a.get("name"):
                self.textarea, self.text = a["name"], ""

        def handle_endtag(self, tag):
            if tag in ("template", "fieldset") and self.stack:
                if self.stack.pop():
                    self.skip -= 1
                return
            if self.skip:
                return
            if tag == "select" and self.select:
                self.fields.append((self.select, self.selected_value if self.selected_value is not None else (self.first_value or "")))
                self.select = None
            elif tag == "textarea" and self.textarea:
                self.fields.append((self.textarea, self.text))
                self.textarea = None

        def handle_data(self, data):
            if self.textarea and not self.skip:
                self.text += data

    parser = Parser()
    parser.feed(html)
    return parser.fields


def with_value(fields: list[tuple[str, str]], name: str, value: str) -> list[tuple[str, str]]:
    """``fields`` with the (last) field ``name`` set to ``value``."""
    out = list(fields)
    index = max(i for i, (n, _) in enumerate(out) if n == name)
    out[index] = (name, value)
    return out


def post_form(client, url: str, fields: list[tuple[str, str]], token: str | None = None, **kwargs):
    """POST ``fields`` urlencoded, as the page's script does (with the CSRF header if ``token``)."""
    from urllib.parse import urlencode

    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if token:
        headers["X-CSRF-Token"] = token
    return client.post(url, content=urlencode(fields), headers=headers, **kwargs)
