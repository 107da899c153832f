"""How an audit row's object and its before/after values are shown: labels, not codes (issue 13 point 12).

An audit row keeps what the code recorded (`object_type` "filings.filing", `before`/`after` as JSON with field
names and stored values). The audit log shows the object as its model's name ("备案 #3" / "Filing #3") and
the change as a table of label, before and after, in the reader's language: a key is labelled by the model's
field of that name (its verbose name, and a value of a field with choices by its label), else by the labels
below; a key no one labelled is shown as written. An app whose values need more than that (the per-item
return comments of a filing, keyed by form field) registers a formatter from its AppConfig.ready(), so this
module, at the accounts layer, imports no app above it.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import get_language, gettext, gettext_lazy

from core.text import enumeration

# Keys recorded in `before`/`after` that are not a field of the object's model (or whose field label reads
# wrongly there). Kept together so that a new key gets its label here, next to the others.
KEY_LABELS = {
    "status": gettext_lazy("状态"),
    "comments": gettext_lazy("逐项意见"),
    "filing_number": gettext_lazy("备案编号"),
    "slots": gettext_lazy("托位数"),
    "enrolled": gettext_lazy("在托人数"),
    "effective_from": gettext_lazy("生效日期"),
    "deregistered_on": gettext_lazy("注销日期"),
    "star_rating": gettext_lazy("星级"),
    "visit": gettext_lazy("检查记录"),
    "visit_ref": gettext_lazy("关联检查"),
    "planned_on": gettext_lazy("计划日期"),
    "deadline": gettext_lazy("整改期限"),
    "findings": gettext_lazy("问题数"),
    "score": gettext_lazy("得分"),
    "max_score": gettext_lazy("满分"),
    "grade": gettext_lazy("等级"),
    "name": gettext_lazy("名称"),
    "is_workday": gettext_lazy("调休上班"),
    "kind": gettext_lazy("类型"),
    "format": gettext_lazy("格式"),
    "params": gettext_lazy("条件"),
    "email": gettext_lazy("邮箱"),
    "expiry": gettext_lazy("有效期至"),
    "count": gettext_lazy("数量"),
    "username": gettext_lazy("用户名"),
    "ip": gettext_lazy("IP 地址"),
    "file": gettext_lazy("文件"),
    "reason": gettext_lazy("原因"),
    # an import job's summary
    "dry_run": gettext_lazy("仅校验"),
    "refused": gettext_lazy("被拒绝"),
    "written": gettext_lazy("已写入"),
    "rows": gettext_lazy("数据行数"),
    "created": gettext_lazy("新增"),
    "updated": gettext_lazy("更新"),
    "unchanged": gettext_lazy("未变化"),
    "error_count": gettext_lazy("错误数"),
    "error_rows": gettext_lazy("有错误的行数"),
    "errors_stored": gettext_lazy("保存的错误数"),
    "file_errors": gettext_lazy("文件问题"),
    "ignored_columns": gettext_lazy("忽略的列"),
    "capacity_records_created": gettext_lazy("新增托位记录"),
    "capacity_records_closed": gettext_lazy("结束的托位记录"),
    "capacity_records_corrected": gettext_lazy("更正的托位记录"),
}

# Keys that are machinery, not content: the values of a stored message (core.stored_text).
HIDDEN_SUFFIXES = ("_params",)

Formatter = Callable[[Any], str]
_formatters: dict[tuple[str, str], Formatter] = {}


def register_value_formatter(object_type: str, key: str, formatter: Formatter) -> None:
    """Show the value of `key` in audit rows of `object_type` ("app_label.model", or "*" for any) with
    `formatter`."""
    _formatters[(object_type, key)] = formatter


# A request without a client address (a command, a test client) is recorded as "unknown" (ratelimit.client_ip).
register_value_formatter("*", "ip", lambda ip: gettext("未知") if ip == "unknown" else str(ip))


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


# Models that moved to another app: audit rows keep the type they were recorded with.
MOVED_MODELS = {"filings.holiday": "core.holiday"}


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(MOVED_MODELS.get(object_type, object_type))
    except (LookupError, ValueError):
        return None


def object_label(object_type: str, object_id: str) -> str:
    """"备案 #3" for ("filings.filing", "3"); an unknown type is shown as recorded."""
    model = _model(object_type)
    name = str(model._meta.verbose_name) if model is not None else object_type
    return f"{name} #{object_id}" if object_id else name


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)  # the attname ("region_id") is found too
    except FieldDoesNotExist:
        return None


def _label(model, key: str) -> str:
    if key in KEY_LABELS:
        return str(KEY_LABELS[key])
    field = _field(model, key)
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    return key


def _value(object_type: str, model, key: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    formatter = _formatters.get((object_type, key)) or _formatters.get(("*", key))
    if formatter is not None:
        return formatter(value)
    field = _field(model, key)
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, dict):
        return pairs((_label(model, k), _value(object_type, model, k, v)) for k, v in value.items())
    if isinstance(value, list):
        return enumeration([str(item) for item in value]) if value else "—"
    return str(value)


def pairs(items) -> str:
    """"标签：值；标签：值" in Chinese, "Label: value; label: value" in English ("—" for none)."""
    chinese = (get_language() or "").startswith("zh")
    colon, separator = ("：", "；") if chinese else (": ", "; ")
    text = separator.join(f"{label}{colon}{value}" for label, value in items)
    return text or "—"


def changes(object_type: str, before: dict | None, after: dict | None) -> list[Change]:
    """The rows of a change, in the order the keys were recorded (before's first, then after's new ones)."""
    before, after = before or {}, after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):  # never recorded so, but shown if it were
        return [Change("", str(before or "—"), str(after or "—"))]
    model = _model(object_type)
    keys = [*before, *(key for key in after if key not in before)]
    return [Change(_label(model, key),
                   _value(object_type, model, key, before[key]) if key in before else "",
                   _value(object_type, model, key, after[key]) if key in after else "")
            for key in keys if not key.endswith(HIDDEN_SUFFIXES)]
