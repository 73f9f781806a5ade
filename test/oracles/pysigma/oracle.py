#!/usr/bin/env python3
"""pySigma as an oracle for spl2x's Sigma target.

Reads JSON on stdin and writes JSON on stdout:

    in:  {"rules": ["<sigma yaml text>", ...],   # one entry per converted rule; an entry may hold several
                                                  # YAML documents (a detection rule + its correlation rule)
          "events": [{...}, ...],                 # optional: flat events with Sigma field names
          "backend": true,                        # optional (default true): convert with the Lucene backend
          "validate": true,                       # optional (default true): run the validators
          "values": false}                        # optional (default false): report pySigma's reading of each value
          "keyword_field": "_raw"}                # optional: where Sigma keywords are searched by the matcher
    out: {"versions": {...}, "validators": {"ran": [...], "excluded": {name: why}},
          "matcher": {"name": ..., "semantics": [...]},
          "results": [{"loaded": bool, "errors": [...],
                       "documents": [{"kind": "rule"|"correlation", "id", "title"}],
                       "validators": {"ran": [...], "findings": [{"validator", "issue", "severity", "description",
                                                                   "rules", "detail"}]},
                       "lucene": ["..."] | null, "backend_errors": [...],
                       "correlations": [{"id", "type", "lucene_error", "esql": [...] | null, "esql_error"}],
                       "matches": [event indexes] | null, "matcher_errors": [...],
                       "values": [{"field", "parts": [{"lit": s} | {"any": true} | {"one": true}] | null,
                                   "re": s | null, "text"?: s (other types), "type": pySigma type name}] | null}]}

`python oracle.py --versions` prints the versions and exits (setup.mjs uses it to check the install).

Loading: each entry is loaded as a `SigmaCollection` (so a correlation finds the rule it names) with
`collect_errors=True`; every condition is parsed too (pySigma parses conditions lazily, at conversion). Any error
makes `loaded` false.

Validators: pySigma's core validators (`sigma.validators.core`), one validator set per entry (so the uniqueness
validators compare the documents of one entry, not unrelated rules). See EXCLUDED for those left out and why.
The ATT&CK tag validator reads offline ATT&CK data prepared by setup.mjs (pySigma 1.x would download it).

Lucene: `LuceneBackend()` of pySigma-backend-elasticsearch with no processing pipeline (Sigma field names are
kept), on each detection rule alone: pySigma emits no query for a rule that a correlation refers to, and the
Lucene backend has no correlation support at all (NotImplementedError), so correlations are reported under
`correlations` with the ES|QL backend's conversion (the Elasticsearch package's only query language with
correlations) for information.

Matcher: pySigma (1.5.1, and 2.0.1 too) has no event matcher. The closest is the SigmaHQ SQLite backend run on an
in-memory sqlite3 table; see MATCHER_SEMANTICS for exactly how events are evaluated.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import sqlite3
import sys
import traceback
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
VENV = ROOT / ".venv"
ORACLE_DATA = VENV / "share" / "spl2x-oracles"
ATTACK_DATA = ORACLE_DATA / "enterprise-attack.json"
CACHE_DIR = VENV / ".cache" / "pysigma"

# pySigma keeps downloaded ATT&CK/D3FEND data in a disk cache under ~/.cache; keep ours inside the venv.
from sigma.data import mitre_attack, mitre_d3fend  # noqa: E402

mitre_attack.set_cache_dir(str(CACHE_DIR / "mitre_attack"))
mitre_d3fend.set_cache_dir(str(CACHE_DIR / "mitre_d3fend"))
if ATTACK_DATA.exists():
    mitre_attack.set_url(str(ATTACK_DATA))

import yaml  # noqa: E402
from sigma.backends.elasticsearch import ESQLBackend, LuceneBackend  # noqa: E402
from sigma.backends.sqlite import sqliteBackend  # noqa: E402
from sigma.collection import SigmaCollection  # noqa: E402
from sigma.conditions import (  # noqa: E402
    ConditionAND,
    ConditionFieldEqualsValueExpression,
    ConditionNOT,
    ConditionOR,
    ConditionValueExpression,
)
from sigma.conversion.state import ConversionState  # noqa: E402
from sigma.types import SigmaString, SpecialChars  # noqa: E402
from sigma.correlations import SigmaCorrelationRule  # noqa: E402
from sigma.rule import SigmaRule  # noqa: E402
from sigma.types import SigmaFieldReference  # noqa: E402
from sigma.validation import SigmaValidator  # noqa: E402
from sigma.validators.core import validators as CORE_VALIDATORS  # noqa: E402
from sigma.validators.core.tags import D3FENDTagValidator  # noqa: E402

PACKAGES = ("pySigma", "pySigma-backend-elasticsearch", "pySigma-backend-sqlite")

# ------------------------------------------------------------------------------------------------------------------
# Validators

EXCLUDED: dict[str, str] = {
    "duplicate_filename": "not applicable: rules are passed as text, without a file name (pySigma skips a rule "
    "without a source); spl2x names its output files itself",
    "filename_length": "not applicable: rules are passed as text, without a file name (pySigma skips a rule "
    "without a source)",
}
NOTES: dict[str, str] = {
    "attacktag": "checked against ATT&CK 17.0 (pySigma 0.11.23's tables, prepared offline by setup.mjs): pySigma "
    "1.x downloads ATT&CK from GitHub, which these machines cannot reach",
    "d3_fendtag": "runs on d3fend.* tags only: pySigma loads D3FEND data (a download) on the first tag of any "
    "namespace; spl2x writes no d3fend tags, and a rule with one reports an error here",
}


class OfflineD3FENDTagValidator(D3FENDTagValidator):
    """pySigma's D3FEND tag validator, loading its (downloaded) data only for a d3fend.* tag."""

    def validate_tag(self, tag):  # type: ignore[no-untyped-def]
        if tag.namespace != "d3fend":
            return []
        return super().validate_tag(tag)


def validator_classes() -> tuple[dict[str, type], dict[str, str]]:
    excluded = dict(EXCLUDED)
    chosen = {name: cls for name, cls in CORE_VALIDATORS.items() if name not in excluded}
    if "d3_fendtag" in chosen:
        chosen["d3_fendtag"] = OfflineD3FENDTagValidator
    if "attacktag" in chosen and not ATTACK_DATA.exists():
        del chosen["attacktag"]
        excluded["attacktag"] = f"offline ATT&CK data missing ({ATTACK_DATA}): run `npm run oracles:setup`"
    return dict(sorted(chosen.items())), excluded


def issue_json(validator: str, issue: Any) -> dict[str, Any]:
    fields = {
        k: str(v)
        for k, v in vars(issue).items()
        if k not in ("rules", "severity", "description") and not k.startswith("_")
    }
    return {
        "validator": validator,
        "issue": type(issue).__name__,
        "severity": issue.severity.name.lower(),
        "description": issue.description,
        "rules": [str(getattr(r, "id", None) or getattr(r, "title", "")) for r in issue.rules],
        "detail": "; ".join(f"{k}={v}" for k, v in fields.items()),
    }


# ------------------------------------------------------------------------------------------------------------------
# Matcher: pySigma's condition tree, leaves evaluated by the SigmaHQ SQLite backend on an in-memory table

MATCHER_SEMANTICS = [
    "pySigma has no event matcher (checked: 1.5.1 and 2.0.1 have no sigma.matching or evaluator module); this "
    "one is pySigma's parsed condition tree (after modifiers) with each leaf converted by pySigma-backend-sqlite "
    "and evaluated by sqlite3, the leaves combined by AND/OR/NOT over event sets",
    "events go into one table `logs`, every column NUMERIC COLLATE NOCASE (Zircolite's case-insensitive "
    "collation): canonical numeric strings compare as numbers, strings compare without ASCII case (SQLite folds "
    "ASCII only: 'é' vs 'É' differ)",
    "a list value (multivalue field) gives one row per value; a leaf holds for an event when it holds on any of "
    "its rows, and NOT is taken over events, so `not f: v` means no value of f is v (Elasticsearch's and "
    "Splunk's reading)",
    "a missing field is NULL: every test on it is false, so `not` of it is true; `|exists` is IS NOT NULL",
    "keywords (unbound values) are searched as case-insensitive substrings of one field, `keyword_field` "
    "(default `_raw`, the Splunk raw event); the SQLite backend itself rejects keywords",
    "|re uses Python's `re.search` (unanchored); |cased uses GLOB; |cidr uses the backend's LIKE prefixes",
]

EVENT_COLUMN = "__spl2x_event"


class MatcherBackend(sqliteBackend):
    """The SigmaHQ SQLite backend, with keywords searched in one field (it rejects them otherwise)."""

    keyword_field = "_raw"

    def convert_condition_val_str(self, cond, state):  # type: ignore[no-untyped-def]
        value = self.convert_value_str(cond.value, state)
        field = self.escape_and_quote_field(self.keyword_field)
        return f"{field} LIKE '%' || {value} || '%' ESCAPE '\\'"

    def convert_condition_val_num(self, cond, state):  # type: ignore[no-untyped-def]
        field = self.escape_and_quote_field(self.keyword_field)
        return f"{field} LIKE '%{cond.value}%'"


def regexp(pattern: str, value: Any, _cache: dict[str, re.Pattern] = {}) -> int | None:
    if value is None or pattern is None:
        return None
    rx = _cache.get(pattern)
    if rx is None:
        rx = _cache[pattern] = re.compile(pattern)
    return 1 if rx.search(str(value)) else 0


def scalar(v: Any) -> Any:
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return v


class EventTable:
    """The events in an in-memory SQLite table: one row per combination of list values."""

    MAX_ROWS_PER_EVENT = 4096

    def __init__(self, events: list[dict[str, Any]]):
        self.count = len(events)
        self.conn = sqlite3.connect(":memory:")
        self.conn.create_function("REGEXP", 2, regexp, deterministic=True)
        self.columns: list[str] = []
        seen: set[str] = set()
        for e in events:
            for k in e:
                if k.lower() not in seen and k != EVENT_COLUMN:
                    seen.add(k.lower())
                    self.columns.append(k)
        quote = lambda c: '"' + c.replace('"', '""') + '"'  # noqa: E731
        cols = ", ".join(f"{quote(c)} NUMERIC COLLATE NOCASE" for c in self.columns)
        self.conn.execute(f"CREATE TABLE logs ({quote(EVENT_COLUMN)} INTEGER{', ' + cols if cols else ''})")
        self.multivalue: list[int] = []
        lower = {c.lower(): c for c in self.columns}
        rows = []
        for i, e in enumerate(events):
            values: dict[str, list[Any]] = {}
            for k, v in e.items():
                col = lower.get(k.lower())
                if col is None:
                    continue
                vs = [scalar(x) for x in v] if isinstance(v, list) else [scalar(v)]
                values.setdefault(col, []).extend(vs if vs else [None])
            if any(len(vs) > 1 for vs in values.values()):
                self.multivalue.append(i)
            keys = list(values)
            combos = itertools.islice(itertools.product(*(values[k] for k in keys)), self.MAX_ROWS_PER_EVENT)
            for combo in combos:
                row = dict(zip(keys, combo))
                rows.append([i] + [row.get(c) for c in self.columns])
        marks = ", ".join("?" for _ in range(len(self.columns) + 1))
        self.conn.executemany(f"INSERT INTO logs VALUES ({marks})", rows)

    def ensure(self, field: str) -> None:
        """A column for a field the rule names but no event has (NULL everywhere)."""
        if field.lower() in {c.lower() for c in self.columns} or field == EVENT_COLUMN:
            return
        quoted = '"' + field.replace('"', '""') + '"'
        self.conn.execute(f"ALTER TABLE logs ADD COLUMN {quoted} NUMERIC COLLATE NOCASE")
        self.columns.append(field)

    def select(self, where: str) -> set[int]:
        return {r[0] for r in self.conn.execute(f'SELECT DISTINCT "{EVENT_COLUMN}" FROM logs WHERE {where}')}

    def select_query(self, query: str) -> set[int]:
        return {r[0] for r in self.conn.execute(f'SELECT DISTINCT "{EVENT_COLUMN}" FROM ({query})')}


def evaluate(tree: Any, backend: MatcherBackend, table: EventTable) -> set[int]:
    everything = set(range(table.count))
    if isinstance(tree, ConditionAND):
        result = everything
        for arg in tree.args:
            result = result & evaluate(arg, backend, table)
        return result
    if isinstance(tree, ConditionOR):
        result: set[int] = set()
        for arg in tree.args:
            result = result | evaluate(arg, backend, table)
        return result
    if isinstance(tree, ConditionNOT):
        return everything - evaluate(tree.args[0], backend, table)
    if isinstance(tree, (ConditionFieldEqualsValueExpression, ConditionValueExpression)):
        if isinstance(tree, ConditionFieldEqualsValueExpression):
            table.ensure(tree.field)
            if isinstance(tree.value, SigmaFieldReference):
                table.ensure(tree.value.field)
        else:
            table.ensure(backend.keyword_field)
        expr = backend.convert_condition(tree, ConversionState())
        if not isinstance(expr, str):
            raise NotImplementedError(f"the SQLite backend defers {tree!r}: not evaluable as one predicate")
        return table.select(expr)
    raise NotImplementedError(f"condition node {type(tree).__name__} is not evaluable")


def match_rule(rule: SigmaRule, table: EventTable, keyword_field: str) -> tuple[set[int], list[str]]:
    """Events a detection rule matches (any of its conditions), and consistency problems."""
    backend = MatcherBackend()
    backend.keyword_field = keyword_field
    queries = backend.convert_rule(rule)  # applies the (empty) pipeline; raises what the backend cannot express
    matched: set[int] = set()
    for cond in rule.detection.parsed_condition:
        matched |= evaluate(cond.parsed, backend, table)
    problems = []
    # Cross-check with the backend's whole query on events without list values (where both readings agree).
    single = set(range(table.count)) - set(table.multivalue)
    whole: set[int] = set()
    for q in queries:
        if isinstance(q, str):
            whole |= table.select_query(q)
    if (whole & single) != (matched & single):
        problems.append(
            f"matcher self-check: the backend's whole query {queries!r} gives {sorted(whole & single)} but the "
            f"condition tree gives {sorted(matched & single)} on single-valued events"
        )
    return matched, problems


# ------------------------------------------------------------------------------------------------------------------
# One entry


def message(e: BaseException) -> str:
    text = str(e).strip() or type(e).__name__
    return f"{type(e).__name__}: {text}"


def detection_docs(text: str) -> list[dict[str, Any]]:
    docs = [d for d in yaml.safe_load_all(text) if isinstance(d, dict)]
    return [d for d in docs if "correlation" not in d and "filter" not in d and "action" not in d]


def standalone(doc: dict[str, Any]) -> SigmaRule:
    """A detection rule on its own (pySigma converts a rule a correlation refers to only as part of it)."""
    rule = SigmaRule.from_dict(copy.deepcopy(doc))
    return rule


def run_entry(
    text: str,
    table: EventTable | None,
    backend: bool,
    keyword_field: str,
    classes: dict[str, type],
    validate: bool = True,
    with_values: bool = False,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "loaded": False,
        "errors": [],
        "documents": [],
        "validators": {"ran": list(classes) if validate else [], "findings": []},
        "lucene": None,
        "backend_errors": [],
        "correlations": [],
        "matches": None,
        "matcher_errors": [],
        "values": None,
    }
    try:
        collection = SigmaCollection.from_yaml(text, collect_errors=True)
    except Exception as e:  # YAML syntax, or an error collect_errors does not catch
        out["errors"].append(message(e))
        return out
    errors = [message(e) for e in collection.errors]
    for r in collection:
        errors.extend(message(e) for e in r.errors if message(e) not in errors)
        kind = "correlation" if isinstance(r, SigmaCorrelationRule) else "rule"
        out["documents"].append({"kind": kind, "id": str(r.id) if r.id else None, "title": r.title})
        if isinstance(r, SigmaRule):
            try:
                for cond in r.detection.parsed_condition:
                    cond.parsed  # noqa: B018 - parse now (pySigma parses lazily)
            except Exception as e:
                errors.append(message(e))
    if len(collection) == 0:
        errors.append("no Sigma rule in the text")
    out["errors"] = errors
    out["loaded"] = not errors
    if not out["loaded"]:
        return out

    # One validator set per validator class, so each finding names its validator.
    for name, cls in (classes.items() if validate else []):
        try:
            issues = SigmaValidator([cls]).validate_rules(collection)
            out["validators"]["findings"].extend(issue_json(name, i) for i in issues)
        except Exception as e:
            out["errors"].append(f"validator {name}: {message(e)}")

    if with_values:
        out["values"] = [v for r in collection if isinstance(r, SigmaRule) for v in read_values(r)]

    docs = detection_docs(text)
    if backend:
        lucene: list[str] = []
        for doc in docs:
            try:
                lucene.extend(str(q) for q in LuceneBackend().convert_rule(standalone(doc)))
            except Exception as e:
                out["backend_errors"].append(f"{doc.get('title', '?')}: {message(e)}")
        out["lucene"] = lucene
        for r in collection:
            if not isinstance(r, SigmaCorrelationRule):
                continue
            c: dict[str, Any] = {
                "id": str(r.id) if r.id else None,
                "type": r.type.name.lower(),
                "lucene": None,
                "lucene_error": None,
                "esql": None,
                "esql_error": None,
            }
            # Both backends convert the whole entry: a correlation needs the rule it refers to.
            try:
                c["lucene"] = [str(q) for q in LuceneBackend().convert(SigmaCollection.from_yaml(text))]
            except Exception as e:
                c["lucene_error"] = message(e)
            try:
                c["esql"] = [str(q) for q in ESQLBackend().convert(SigmaCollection.from_yaml(text))]
            except Exception as e:
                c["esql_error"] = message(e)
            out["correlations"].append(c)

    if table is not None:
        matched: set[int] = set()
        try:
            for doc in docs:
                m, problems = match_rule(standalone(doc), table, keyword_field)
                matched |= m
                out["matcher_errors"].extend(problems)
            out["matches"] = sorted(matched)
        except Exception as e:
            out["matcher_errors"].append(message(e))
    return out


def read_values(rule: SigmaRule) -> list[dict[str, Any]]:
    """pySigma's reading of every value of a rule's detection items (after modifiers): plain text and wildcards."""
    out: list[dict[str, Any]] = []

    def items(d: Any) -> Any:
        for it in getattr(d, "detection_items", []):
            if hasattr(it, "detection_items"):
                yield from items(it)
            else:
                yield it

    for det in rule.detection.detections.values():
        for it in items(det):
            for v in it.value:
                entry: dict[str, Any] = {"field": it.field, "parts": None, "re": None, "type": type(v).__name__}
                if isinstance(v, SigmaString):
                    entry["parts"] = [
                        {"lit": p} if isinstance(p, str) else {"any": True} if p == SpecialChars.WILDCARD_MULTI else {"one": True}
                        for p in v.s
                    ]
                elif hasattr(v, "regexp"):
                    entry["re"] = str(getattr(v, "regexp"))
                else:
                    entry["text"] = str(v)
                out.append(entry)
    return out


def versions() -> dict[str, str]:
    v = {p: metadata.version(p) for p in PACKAGES}
    v["python"] = sys.version.split()[0]
    v["sqlite"] = sqlite3.sqlite_version
    v["attack"] = "17.0 (offline)" if ATTACK_DATA.exists() else "missing"
    return v


def main() -> int:
    if "--versions" in sys.argv[1:]:
        print(" ".join(f"{k}={v}" for k, v in versions().items()))
        return 0
    try:
        request = json.load(sys.stdin)
    except json.JSONDecodeError as e:
        print(f"oracle.py: stdin is not JSON: {e}", file=sys.stderr)
        return 2
    if not isinstance(request, dict) or not isinstance(request.get("rules"), list):
        print('oracle.py: expected {"rules": [...], "events"?: [...], "backend"?: bool}', file=sys.stderr)
        return 2
    events = request.get("events")
    table = EventTable(events) if isinstance(events, list) else None
    backend = request.get("backend", True) is not False
    keyword_field = str(request.get("keyword_field") or "_raw")
    validate = request.get("validate", True) is not False
    with_values = request.get("values", False) is True
    classes, excluded = validator_classes()
    results = []
    for text in request["rules"]:
        try:
            results.append(run_entry(str(text), table, backend, keyword_field, classes, validate, with_values))
        except Exception as e:  # a bug here must not hide the other rules
            results.append({"loaded": False, "errors": [f"oracle internal error: {message(e)}", traceback.format_exc()],
                            "documents": [], "validators": {"ran": [], "findings": []}, "lucene": None,
                            "backend_errors": [], "correlations": [], "matches": None, "matcher_errors": []})
    response = {
        "versions": versions(),
        "validators": {"ran": list(classes), "excluded": excluded, "notes": NOTES},
        "matcher": {
            "name": f"pySigma condition tree + pySigma-backend-sqlite {metadata.version('pySigma-backend-sqlite')} on sqlite3 {sqlite3.sqlite_version}",
            "semantics": MATCHER_SEMANTICS,
            "multivalue_events": table.multivalue if table else [],
        },
        "results": results,
    }
    json.dump(response, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
