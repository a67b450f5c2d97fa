"""The partnership form, generated from the partnership JSON Schema (``ncm-docs schema``).

``form_spec()`` turns the schema into a tree of ``FieldSpec``: each field's label, help,
widget (text, number with its unit, date, choice, party or service picker, list, map, one
of several alternatives) and default. The templates render that tree; ``read_form`` turns a
posted form back into plain partnership data, typed as a YAML file would hold it. The
few things the schema cannot say (friendlier labels, units, which short-name fields
refer to which parties, how the form is split into steps) are the tables below.

Form field names are paths into the data: ``providers[1].address.lines[0]``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from ..model import Partnership
from ..model.data import LAWFUL_BASIS_TEXT, SPECIAL_CATEGORY_TEXT

#: The form's steps (tabs): a title and the data paths shown on it, in order.
STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Partnership", ("partnership", "document")),
    ("Commissioners", ("commissioners",)),
    ("Providers", ("providers",)),
    ("Observers", ("observers",)),
    ("Services", ("services",)),
    ("Head contract", ("head_contract",)),
    ("Subcontracts", ("subcontracts",)),
    ("Section 75 and staff", ("section_75", "staff_transfers")),
    ("Alliance", ("alliance.commissioners_are_parties", "alliance.nhs_contract", "alliance.term", "alliance.vision",
                  "alliance.objectives", "alliance.principles", "alliance.kpis")),
    ("Governance", ("alliance.governance",)),
    ("Money", ("alliance.shared_pot", "alliance.risk_gain_share", "alliance.quality_gateway")),
    ("Information sharing", ("alliance.information_sharing",)),
    ("History", ("history", "approvals", "clause_overrides")),
)

#: Labels where the field name alone reads badly.
LABELS = {
    "ods_code": "ODS code", "siro": "SIRO (Senior Information Risk Owner)", "ig_lead": "Information governance lead",
    "kpis": "Key performance indicators", "nhs_contract": "This is an NHS contract (section 9 NHS Act 2006)",
    "commissioners_are_parties": "The commissioners sign the alliance agreement too",
    "from": "From", "to": "To", "within_days": "Within", "initial_years": "Initial term",
    "threshold_percent": "Threshold", "risk_cap_percent": "Cap on each member's share of losses",
    "gain_cap_percent": "Cap on each member's share of gains", "escalate_after_days": "Escalate after",
    "id": "Service id", "lead": "This is the lead provider", "coordinating": "This is the co-ordinating commissioner",
    "kind": "Kind", "method": "Method", "head_contract": "Head contract", "shared_pot": "Shared pot",
    "risk_gain_share": "Risk and gain share", "information_sharing": "Information sharing",
    "decision_rule": "Decision rule", "alliance_manager": "Alliance manager (optional)", "approvals": "Approval of this version (optional)",
    "special_category_condition": "Special-category condition", "lawful_basis": "Lawful basis",
    "caldicott_guardian": "Caldicott guardian", "information_governance": "Information governance officers",
    "house_style": "House-style folder", "quorum": "Quorum", "extensions": "Extension options",
    "changeover_date": "Changeover date", "deadlock_escalation": "Deadlock escalation", "minute_reference": "Minute reference",
    "approved_by": "Approved by", "agreement_date": "Agreement date", "governing_law": "Governing law",
    "protocol_title": "Information-sharing protocol title", "controller_arrangement": "Controller arrangement",
    "history": "Change log", "model": "Contracting model", "area": "Area served", "lines": "Address lines",
    "body": "Goes to", "leadership_team_name": "Name of the leadership team", "form": "Contract form",
    "clause_overrides": "Negotiated clause wording (optional; written by ncm-docs absorb)", "library_version": "Library version negotiated against",
    "library_text": "The library's text then", "agreed_by": "Agreed by", "agreed_on": "Agreed on",
}

#: Help text for fields whose schema description is missing or too terse.
HELP = {
    "short_name": "Letters, digits and spaces, up to 40 characters. Other parts of the form refer to the party by this name.",
    "quorum": "How many voting members must be present for the leadership team to decide.",
    "vision": "One or two sentences on what the partnership is for; printed in the alliance agreement.",
    "version": "The version of this set of documents, e.g. 1.0 or 2.1.",
    "agreement_date": "The date the documents are dated and signed.",
    "annual_value": "Pounds a year, before VAT.",
    "data_categories": "The kinds of personal data shared, e.g. discharge summaries.",
    "approved_by": "The voting members of the previous version who approved this change.",
    "extensions": "Each option in years, in the order they can be taken.",
    "host": "The provider that holds the pooled budget.",
    "weights": "Each voting member's weight in a vote.",
    "shares": "Each provider's percentage of risk and gain; they must add up to 100%.",
}

#: Singular nouns for the items of each list (for legends and buttons).
ITEM_NOUNS = {
    "commissioners": "Commissioner", "providers": "Provider", "observers": "Observer", "services": "Service",
    "subcontracts": "Subcontract", "representatives": "Representative", "contributions": "Contribution",
    "flows": "Information flow", "deadlock_escalation": "Escalation step", "history": "Revision",
    "lines": "Address line", "objectives": "Objective", "principles": "Principle", "kpis": "Indicator",
    "reserved_matters": "Reserved matter", "purposes": "Purpose", "data_categories": "Data category",
    "extensions": "Extension option", "shares": "Share", "weights": "Weight", "clause_overrides": "Clause override",
    "gain_shares": "Share", "loss_shares": "Share", "partner_terms": "Partner's terms", "payment_profile": "Contract year",
    "staff_transfers": "Staff transfer", "member_practices": "Member practice", "delegated_functions": "Delegated function",
    "arrangements": "Arrangement", "parties": "Party",
}

#: Short-name fields that refer to other entries: schema path ('[]' for any index) -> what they pick from.
REFERENCES = {
    "subcontracts[].provider": "providers",
    "alliance.governance.representatives[].provider": "providers",
    "alliance.governance.chair": "providers",
    "alliance.shared_pot.host": "providers",
    "alliance.shared_pot.contributions[].party": "parties",
    "alliance.information_sharing.flows[].from": "everyone",
    "alliance.information_sharing.flows[].to": "everyone",
    "approvals.approved_by": "providers",
    "head_contract.services": "services",
    "subcontracts[].services": "services",
    "alliance.risk_gain_share.shares": "providers",
    "alliance.risk_gain_share.gain_shares": "providers",
    "alliance.risk_gain_share.loss_shares": "providers",
    "alliance.risk_gain_share.partner_terms": "providers",
    "alliance.governance.decision_rule.weights": "providers",
    "providers[].commissioner": "commissioners",
    "services[].delivered_by": "providers",
    "section_75.parties": "parties",
    "section_75.host": "parties",
    "section_75.delegated_to": "parties",
    "staff_transfers[].from": "parties",
    "staff_transfers[].to": "providers",
    "staff_transfers[].services": "services",
}

#: Where each kind of reference takes its names from.
SOURCES = {
    "providers": (("providers", "short_name"),),
    "commissioners": (("commissioners", "short_name"),),
    "parties": (("commissioners", "short_name"), ("providers", "short_name")),
    "everyone": (("commissioners", "short_name"), ("providers", "short_name"), ("observers", "short_name")),
    "services": (("services", "id"),),
}

_ACRONYMS = {"nhs": "NHS", "gp": "GP", "icb": "ICB", "ccg": "CCG", "ods": "ODS", "kpis": "KPIs", "ig": "IG"}
_CHOICE_LABELS = {
    "icb": "Integrated care board (ICB)", "ccg": "Clinical commissioning group (CCG)",
    "lead_provider_alliance": "Lead provider with an alliance", "separate": "Separate controllers", "joint": "Joint controllers",
    "unanimity": "Unanimity: every voting member agrees", "majority": "Majority of members",
    "weighted": "Weighted vote", "consensus": "Consensus, then escalation",
    "equal": "Equal shares", "proportional": "In proportion to contract values", "fixed": "Fixed percentages",
    **LAWFUL_BASIS_TEXT, **SPECIAL_CATEGORY_TEXT,
}
_TEXTAREA_MIN = 100_000  # schema maxLength of multi-line text (``Text``); one-line fields allow 10,000


@dataclass
class FieldSpec:
    """One field of the form, with what the templates need to draw it."""

    key: str  # the key in the data ("from" for a data flow's source)
    schema_path: str  # e.g. "providers[].address.lines"
    label: str
    help: str = ""
    widget: str = "text"  # text textarea integer number date checkbox select ref refs choices object list map union
    required: bool = False
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    ref: str = ""
    default: Any = None
    has_default: bool = False
    optional: bool = False  # an object that may be left out entirely
    fields: tuple["FieldSpec", ...] = ()
    item: "FieldSpec | None" = None  # a list's items, a map's values
    noun: str = ""  # a list item's name
    discriminator: str = ""
    variants: dict[str, tuple["FieldSpec", ...]] = field(default_factory=dict)
    min_items: int = 0

    def child(self, key: str) -> "FieldSpec | None":
        """The field ``key`` of an object (or of any alternative of a union)."""
        for f in self.fields:
            if f.key == key:
                return f
        for fields in self.variants.values():
            for f in fields:
                if f.key == key:
                    return f
        return None


def humanize(key: str) -> str:
    """``legal_name`` -> ``Legal name`` (acronyms kept)."""
    words = key.replace("-", "_").split("_")
    out = [_ACRONYMS.get(w, w) for w in words if w]
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def choice_label(value: str) -> str:
    """How an allowed value reads in a drop-down."""
    return _CHOICE_LABELS.get(value) or humanize(value)


@lru_cache(maxsize=1)
def form_spec() -> FieldSpec:
    """The whole form, built once from ``Partnership.model_json_schema``."""
    schema = Partnership.model_json_schema(by_alias=True)
    return _Builder(schema["$defs"]).object_spec("", "", schema, required=True)


def spec_at(path: str) -> FieldSpec:
    """The spec of a dotted data path without indices, e.g. ``alliance.governance``."""
    spec = form_spec()
    for key in path.split("."):
        found = spec.child(key)
        if found is None:
            raise KeyError(path)
        spec = found
    return spec


class _Builder:
    def __init__(self, defs: dict) -> None:
        self.defs = defs

    def resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = self.defs[node["$ref"].rsplit("/", 1)[-1]]
        return node

    def object_spec(self, key: str, path: str, node: dict, required: bool, optional: bool = False) -> FieldSpec:
        node = self.resolve(node)
        needed = set(node.get("required", []))
        fields = tuple(
            self.field(k, f"{path}.{k}" if path else k, sub, k in needed) for k, sub in node.get("properties", {}).items()
        )
        return FieldSpec(key, path, LABELS.get(key) or humanize(key), node.get("description", "").split("\n\n")[0].strip(),
                         "object", required, fields=fields, optional=optional)

    def field(self, key: str, path: str, node: dict, required: bool) -> FieldSpec:
        description = node.get("description", "")
        has_default = "default" in node
        default = node.get("default")
        options = [self.resolve(o) for o in node.get("anyOf", [])]
        nullable = any(o.get("type") == "null" for o in options)
        options = [o for o in options if o.get("type") != "null"]
        if "oneOf" in node and "discriminator" in node:
            return self.union_spec(key, path, node, required, description)
        if options and all(o.get("type") in ("number", "string") for o in options) and any(o.get("type") == "number" for o in options):
            number = next(o for o in options if o.get("type") == "number")
            return self.scalar(key, path, {**number, "description": description}, required, has_default, default, decimal=True)
        if len(options) == 1:
            inner = options[0]
            if "properties" in inner:
                spec = self.object_spec(key, path, inner, required, optional=nullable)
                spec.help = description or spec.help
                return spec
            if inner.get("type") == "object":  # a map that may be left out
                spec = self.field(key, path, {**inner, "description": description}, required)
                spec.optional = nullable
                return spec
            node = {**inner, "description": description}
        node = self.resolve(node)
        if node.get("type") == "object" and "properties" in node:
            return self.object_spec(key, path, node, required)
        if node.get("type") == "object":  # a map: short name -> number
            value = self.scalar("value", f"{path}.value", node["patternProperties"][next(iter(node["patternProperties"]))], True, False, None, decimal=True)
            if key == "weights":
                value.unit = ""
            return FieldSpec(key, path, LABELS.get(key) or humanize(key), HELP.get(key, description), "map", required,
                             item=value, ref=REFERENCES.get(_generic(path), "providers"), noun=ITEM_NOUNS.get(key, "Entry"))
        if node.get("type") == "array":
            items = self.resolve(node["items"])
            ref = REFERENCES.get(_generic(path), "")
            common = dict(key=key, schema_path=path, label=LABELS.get(key) or humanize(key), help=HELP.get(key, description),
                          required=required, default=default, has_default=has_default, min_items=node.get("minItems", 0))
            if ref:
                return FieldSpec(widget="refs", ref=ref, **common)
            if "enum" in items:
                return FieldSpec(widget="choices", choices=tuple((v, choice_label(v)) for v in items["enum"]), **common)
            if items.get("type") == "object" or "properties" in items:
                item = self.object_spec(key, f"{path}[]", items, True)
            else:
                item = self.scalar(key, f"{path}[]", items, True, False, None)
                if key == "extensions":
                    item.unit = "years"
            item.label = ITEM_NOUNS.get(key, "Item")
            return FieldSpec(widget="list", item=item, noun=ITEM_NOUNS.get(key, "Item"), **common)
        return self.scalar(key, path, {**node, "description": node.get("description", description)}, required, has_default, default)

    def union_spec(self, key: str, path: str, node: dict, required: bool, description: str) -> FieldSpec:
        disc = node["discriminator"]["propertyName"]
        variants: dict[str, tuple[FieldSpec, ...]] = {}
        helps = []
        for name, ref in node["discriminator"]["mapping"].items():
            variant = self.object_spec(key, path, {"$ref": ref}, True)
            variants[name] = tuple(f for f in variant.fields if f.key != disc)
            helps.append((name, variant.help))
        order = [self.resolve(o)["properties"][disc].get("const") or self.resolve(o)["properties"][disc].get("default") for o in node["oneOf"]]
        variants = {name: variants[name] for name in order}
        choice = FieldSpec(disc, f"{path}.{disc}", LABELS.get(disc) or humanize(disc), "", "select", True,
                           choices=tuple((n, choice_label(n)) for n in order))
        return FieldSpec(key, path, LABELS.get(key) or humanize(key), description, "union", required,
                         fields=(choice,), discriminator=disc, variants=variants)

    def scalar(self, key: str, path: str, node: dict, required: bool, has_default: bool, default, decimal: bool = False) -> FieldSpec:
        description = HELP.get(key) or node.get("description", "")
        label = LABELS.get(key) or humanize(key)
        ref = REFERENCES.get(_generic(path), "")
        common = dict(key=key, schema_path=path, label=label, help=description, required=required, default=default, has_default=has_default)
        if ref:
            common["help"] = HELP.get(key, "")  # the generic short-name description reads oddly on a picker
            return FieldSpec(widget="ref", ref=ref, **common)
        if "enum" in node or "const" in node:
            values = node.get("enum") or [node["const"]]
            return FieldSpec(widget="select", choices=tuple((v, choice_label(v)) for v in values), **common)
        kind = node.get("type")
        if kind == "boolean":
            return FieldSpec(widget="checkbox", **common)
        if kind == "integer":
            unit = "days" if key.endswith("_days") else "years" if key.endswith("_years") else "members" if key == "quorum" else ""
            return FieldSpec(widget="integer", unit=unit, **common)
        if decimal or kind == "number":
            unit = "%" if node.get("maximum") == 100 else "£"
            return FieldSpec(widget="number", unit=unit, **common)
        if node.get("format") == "date":
            return FieldSpec(widget="date", **common)
        if node.get("maxLength", 0) >= _TEXTAREA_MIN:
            return FieldSpec(widget="textarea", **common)
        return FieldSpec(widget="text", **common)


def _generic(path: str) -> str:
    return re.sub(r"\[\d*\]", "[]", path)


# ---- reading a posted form back into data ------------------------------------------

MISSING = object()
_NAME = re.compile(r"([^.\[\]]+)|\[(\d{1,6})\]")


def unflatten(items) -> dict:
    """``[(name, value), ...]`` -> a tree of dicts (list indices as int keys); leaves are lists of values."""
    root: dict = {}
    for name, value in items:
        if name.startswith("_") or not isinstance(value, str):
            continue
        keys = _parse_name(name)
        if not keys:
            continue
        node = root
        for key in keys[:-1]:
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
        leaf = node.setdefault(keys[-1], [])
        if isinstance(leaf, list):
            leaf.append(value)
    return root


def _parse_name(name: str) -> list:
    keys: list = []
    pos = 0
    while pos < len(name):
        if name[pos] == "." and keys:
            pos += 1
        match = _NAME.match(name, pos)
        if not match:
            return []
        keys.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
        pos = match.end()
    return keys


def read_form(items) -> dict:
    """Plain partnership data from posted form fields (``items``: name, value pairs)."""
    value = coerce(form_spec(), unflatten(items))
    return value if isinstance(value, dict) else {}


def coerce(spec: FieldSpec, node) -> Any:
    """The data value of one field from its part of the unflattened form (``MISSING`` if left empty)."""
    if node is None:
        return MISSING
    w = spec.widget
    if w == "object":
        if not isinstance(node, dict):
            return MISSING
        out = {}
        for f in spec.fields:
            v = coerce(f, node.get(f.key))
            if v is not MISSING:
                out[f.key] = v
        defaults = {f.key: f.default for f in spec.fields if f.has_default}
        if spec.optional and all(v in ([], {}) or (k in defaults and v == defaults[k]) for k, v in out.items()):
            return MISSING  # an optional section left empty (its pickers post empty lists, its defaults their default)
        return out
    if w == "union":
        if not isinstance(node, dict):
            return MISSING
        chosen = _last(node.get(spec.discriminator))
        if chosen not in spec.variants:
            return {spec.discriminator: chosen} if chosen else MISSING
        out = {spec.discriminator: chosen}
        for f in spec.variants[chosen]:
            v = coerce(f, node.get(f.key))
            if v is not MISSING:
                out[f.key] = v
        return out
    if w == "list":
        if not isinstance(node, dict):
            return MISSING
        out = []
        for index in sorted(k for k in node if isinstance(k, int)):
            v = coerce(spec.item, node[index])
            if v is MISSING or v == {}:
                continue
            out.append(v)
        return out
    if w == "map":
        if not isinstance(node, dict):
            return MISSING
        out = {}
        for index in sorted(k for k in node if isinstance(k, int)):
            row = node[index]
            key = _last(row.get("key")) if isinstance(row, dict) else None
            if key:
                v = coerce(spec.item, row.get("value"))
                out[key] = None if v is MISSING else v
        return MISSING if spec.optional and not out else out
    if w in ("refs", "choices"):
        if not isinstance(node, list):
            return MISSING
        return list(dict.fromkeys(v.strip() for v in node if v.strip()))
    text = _last(node)
    if text is None:
        return MISSING
    if w == "checkbox":
        return text == "true"
    if w == "textarea":
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    else:
        text = text.strip()
    if text == "":
        return MISSING
    if w == "integer":
        return int(text) if re.fullmatch(r"[+-]?\d{1,12}", text) else text
    if w == "number":
        return _number(text)
    if w == "date":
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


def _last(leaf) -> str | None:
    if isinstance(leaf, list) and leaf:
        return leaf[-1]
    return None


def _number(text: str):
    cleaned = text.replace(",", "").replace("£", "").replace("%", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return text
    if not value.is_finite():
        return text
    if value == value.to_integral_value() and abs(value) < 10**15:
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else str(value)


# ---- carrying what the form cannot show ---------------------------------------------


def carry_unknown(original, new, spec: FieldSpec | None = None):
    """``new`` with the keys of ``original`` that the form has no field for put back.

    A misspelt or unknown key in the file is never dropped by a save: it stays, and the
    validation goes on reporting it next to its section.
    """
    spec = spec or form_spec()
    if not isinstance(original, dict) or not isinstance(new, dict):
        if spec.widget == "list" and isinstance(original, list) and isinstance(new, list) and spec.item is not None:
            return [carry_unknown(o, n, spec.item) for o, n in zip(original, new)] + new[len(original):]
        return new
    if spec.widget not in ("object", "union"):
        return new
    out = dict(new)
    known = {f.key for f in spec.fields} | {f.key for fs in spec.variants.values() for f in fs} | ({spec.discriminator} if spec.discriminator else set())
    for key, value in original.items():
        if key not in known:
            out[key] = value
        elif key in out:
            child = spec.child(key) if key != spec.discriminator else None
            if child is not None:
                out[key] = carry_unknown(value, out[key], child)
    return out


# ---- errors next to their fields ----------------------------------------------------

_UNION_TAGS = {"unanimity", "majority", "weighted", "consensus", "equal", "proportional", "fixed"}
_LOCATED = re.compile(r"^([a-z_]+(?:\[\d+\]|\.[A-Za-z0-9_&'\-]+)*): (.+)$", re.S)


def loc_path(loc) -> str:
    """A pydantic error location as a form path: ``providers[0].address.postcode``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in _UNION_TAGS:
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def field_errors(errors: list[dict]) -> list[tuple[str, str]]:
    """(form path, plain-English message) for each pydantic error (``ValidationError.errors()``)."""
    out: list[tuple[str, str]] = []
    for err in errors:
        path = loc_path(err["loc"])
        kind = err["type"]
        if kind == "value_error":
            message = str((err.get("ctx") or {}).get("error", err["msg"]))
            for line in message.splitlines():
                located = _LOCATED.match(line) if not path else None
                if located:
                    out.append((located.group(1), located.group(2)))
                else:
                    out.append((path, line))
            continue
        out.append((path, _friendly(err, path)))
    return list(dict.fromkeys(out))


def _friendly(err: dict, path: str) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    last = path.rsplit(".", 1)[-1]
    if kind == "missing" or (kind == "string_too_short" and ctx.get("min_length") == 1):
        return "This is required."
    if kind == "too_short":
        return f"Add at least {ctx.get('min_length', 1)}."
    if kind == "string_pattern_mismatch":
        if last in ("version",) or last.startswith("version"):
            return "Use letters, digits, dots and hyphens, e.g. 2.0."
        if last == "id":
            return "Start with a letter, then letters, digits, _ or -, up to 32 characters."
        return "Use up to 40 letters, digits, spaces or & ' . -, starting with a letter or digit."
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "Enter a whole number."
    if kind.startswith("decimal") or kind.startswith("float"):
        if kind == "decimal_max_places":
            return f"Use at most {ctx.get('decimal_places')} decimal places."
        return "Enter a number."
    if kind.startswith("date"):
        return "Enter a date."
    if kind in ("literal_error", "enum"):
        return "Choose one of the listed values."
    if kind == "extra_forbidden":
        return "This entry is not part of a partnership file (is it misspelt?); edit the file to remove or rename it."
    return str(err["msg"]).replace("Input should be", "Must be")


def finding_path(location: str) -> str:
    """The form path a check finding's location points at (``providers[1] (NWMH)`` -> ``providers[1]``)."""
    location = re.sub(r"\s*\(.*\)$", "", location.strip())
    location = location.replace("[*]", "")
    return location
