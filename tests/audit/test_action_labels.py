"""Every audit action recorded anywhere in the source has a Chinese name on the audit page.

The codes are collected from the source itself: each ``audit_record(action=...)`` call, and
each call of a module's own helper that passes its ``action`` parameter on (``_audit`` in the
发文 route and in the demo seed). An f-string action must belong to one of the families listed
below with its concrete values; a new family, or a new value at a call site, fails here until
it is listed and labelled (``register_action_labels`` in the recording app's ``ready``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import zhongshu
from zhongshu.audit.selectors import action_label
from zhongshu.documents.archive.models import CopyRecord, DocumentStatusMark
from zhongshu.organs.models import OrganSuccession

SRC = Path(zhongshu.__file__).resolve().parent
CJK = re.compile(r"[\u4e00-\u9fff]")

#: f-string actions (template as written in the source, placeholders unparsed) and their values.
F_STRING_FAMILIES: dict[str, list[str]] = {
    # audit_trail_read(purpose=...): the page/partial/API read and the export
    "audit.{purpose}": ["audit.view", "audit.export"],
    # OrganSuccession.Kind
    "organs.organ_{kind}": ["organs.organ_merge", "organs.organ_dissolve"],
    # document_access_record(kind=...)
    "outgoing_{kind}": ["outgoing_view", "outgoing_download", "outgoing_preview", "outgoing_print"],
    # incoming_access_record(kind=...)
    "incoming_{kind}": ["incoming_view", "incoming_download", "incoming_print"],
    # document_mark(kind=DocumentStatusMark.Kind)
    "document_{kind}": ["document_revoke", "document_abolish"],
    # _copy_move(to_status=CopyRecord.Status)
    "copy_{to_status}": [
        "copy_dispatched",
        "copy_returned",
        "copy_destruction_requested",
        "copy_destroyed",
    ],
}

#: The families whose values are an enum's: the list above must cover every member.
ENUM_FAMILIES = {
    "organs.organ_{kind}": ("organs.organ_", OrganSuccession.Kind.values),
    "document_{kind}": ("document_", DocumentStatusMark.Kind.values),
    "copy_{to_status}": ("copy_", CopyRecord.Status.values),
}


def _modules() -> list[tuple[Path, ast.Module]]:
    return [
        (path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
    ]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _template(node: ast.JoinedStr) -> str:
    parts = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value))
        else:
            assert isinstance(value, ast.FormattedValue)
            parts.append("{" + ast.unparse(value.value) + "}")
    return "".join(parts)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _enclosing_function(node: ast.AST, parents: dict) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return node
    return None


def _params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = func.args
    return [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]


def _argument(call: ast.Call, func: ast.FunctionDef, param: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == param:
            return keyword.value
    positional = [a.arg for a in func.args.posonlyargs + func.args.args]
    if param in positional and positional.index(param) < len(call.args):
        return call.args[positional.index(param)]
    return None


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SRC.parent)}:{node.lineno}"


def recorded_actions() -> dict[str, str]:
    """Every action code the source records, with one place that records it."""
    found: dict[str, str] = {}
    problems: list[str] = []
    modules = [
        (path, [n for n in ast.walk(tree) if isinstance(n, ast.Call)], _parents(tree))
        for path, tree in _modules()
    ]
    # Helpers passing their ``action`` on: a private one (``_audit``) is called in its own
    # module; a public one (``save_changes``) from anywhere, so it is looked for everywhere.
    local_helpers: dict[Path, dict[str, tuple[ast.FunctionDef, str]]] = {}
    public_helpers: dict[str, tuple[ast.FunctionDef, str]] = {}
    for path, calls, parents in modules:
        helpers = local_helpers.setdefault(path, {})
        for call in calls:
            if _name(call.func) != "audit_record":
                continue
            value = next((k.value for k in call.keywords if k.arg == "action"), None)
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.setdefault(value.value, _where(path, call))
            elif isinstance(value, ast.JoinedStr):
                template = _template(value)
                if template not in F_STRING_FAMILIES:
                    problems.append(f"{_where(path, call)}: unlisted f-string action {template!r}")
                for code in F_STRING_FAMILIES.get(template, []):
                    found.setdefault(code, _where(path, call))
            elif isinstance(value, ast.Name) and (
                (func := _enclosing_function(call, parents)) is not None
                and value.id in _params(func)
            ):
                helpers[func.name] = (func, value.id)  # a helper passing its parameter on
                if not func.name.startswith("_"):
                    public_helpers[func.name] = (func, value.id)
            else:
                problems.append(f"{_where(path, call)}: action not a literal (add it to this test)")
    for path, calls, _ in modules:
        helpers = {**public_helpers, **local_helpers[path]}
        for call in calls:
            if _name(call.func) not in helpers:
                continue
            func, param = helpers[_name(call.func)]
            value = _argument(call, func, param)
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.setdefault(value.value, _where(path, call))
            else:
                problems.append(f"{_where(path, call)}: {_name(call.func)}() action not a literal")
    assert not problems, "\n".join(problems)
    return found


def test_the_scan_finds_every_module_s_actions():
    """A guard on the scan itself: codes of each recording module are found."""
    codes = recorded_actions()
    for code in (
        "account.login",
        "audit.verify",
        "organs.organ_create",
        "organs.person_rotate",
        "workitem_complete",
        "outgoing_submit",  # through route._audit
        "outgoing_dispatch",
        "incoming_acknowledge",
        "circulation_read",
        "archive_file",
        "copy_register",
    ):
        assert code in codes
    assert len(codes) > 90


@pytest.mark.parametrize("code", sorted(recorded_actions()))
def test_every_recorded_action_has_a_chinese_name(code):
    label = action_label(code)
    assert label != code, f"{code} has no Chinese name (register_action_labels in ready())"
    assert CJK.search(label), f"{code}: {label!r} is not Chinese"


@pytest.mark.parametrize("template", sorted(ENUM_FAMILIES))
def test_enum_families_list_every_member(template):
    prefix, values = ENUM_FAMILIES[template]
    assert sorted(F_STRING_FAMILIES[template]) == sorted(prefix + v for v in values)


def test_literal_kinds_at_call_sites_are_listed():
    """``kind="print"`` passed to a recording function must be one of its family's values."""
    owners = {}
    for _path, tree in _modules():
        parents = _parents(tree)
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and _name(call.func) == "audit_record"):
                continue
            value = next((k.value for k in call.keywords if k.arg == "action"), None)
            func = _enclosing_function(call, parents)
            if not isinstance(value, ast.JoinedStr) or func is None:
                continue
            names = [
                v.value.id
                for v in value.values
                if isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name)
            ]
            for param in names:
                if param in _params(func):
                    owners[func.name] = (func, param, _template(value))
    assert "document_access_record" in owners and "incoming_access_record" in owners
    missing = []
    for path, tree in _modules():
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call) or _name(call.func) not in owners:
                continue
            func, param, template = owners[_name(call.func)]
            value = _argument(call, func, param)
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                code = template.replace("{" + param + "}", value.value)
                if code not in F_STRING_FAMILIES[template]:
                    missing.append(f"{_where(path, call)}: {code}")
    for func, param, template in owners.values():  # the parameters' defaults too
        defaults = dict(
            zip(
                [a.arg for a in func.args.kwonlyargs],
                func.args.kw_defaults,
                strict=True,
            )
        )
        positional = [a.arg for a in func.args.posonlyargs + func.args.args]
        defaults.update(
            zip(
                positional[len(positional) - len(func.args.defaults) :],
                func.args.defaults,
                strict=True,
            )
        )
        default = defaults.get(param)
        if isinstance(default, ast.Constant) and isinstance(default.value, str):
            code = template.replace("{" + param + "}", default.value)
            if code not in F_STRING_FAMILIES[template]:
                missing.append(f"default of {func.name}: {code}")
    assert not missing, "\n".join(missing)
