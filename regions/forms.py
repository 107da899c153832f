"""The cascading province → city → county → township picker used by every form that asks for a region.

Without JavaScript the widget is server-rendered: each select lists the children of the region chosen
in the select above it, so choosing a province and submitting the form shows the cities, and so on.
With static/js/region-picker.js, changing a select loads the next level from /api/v1/regions/.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.template import loader
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from .models import CODE_LENGTH, Region, RegionLevel
from .selectors import LEVEL_INDEX, LEVELS, cascade_regions, code_prefixes, level_of_code, region_by_code

MSG_REGION_REQUIRED = gettext_lazy("请选择区划")
MSG_REGION_UNKNOWN = gettext_lazy("所选区划不存在")
MSG_REGION_OUT_OF_SCOPE = gettext_lazy("所选区划超出您的管辖范围")
MSG_REGION_TOO_DEEP = gettext_lazy("所选区划层级过低")
# By the shallowest level allowed (min_level).
MSG_REGION_TOO_SHALLOW = {
    RegionLevel.CITY: gettext_lazy("请选择到地市级或以下"),
    RegionLevel.COUNTY: gettext_lazy("请选择到县级或乡镇"),
    RegionLevel.TOWNSHIP: gettext_lazy("请选择到乡镇(街道)"),
}

LEVEL_LABELS = {
    RegionLevel.PROVINCE: _("省"),
    RegionLevel.CITY: _("市"),
    RegionLevel.COUNTY: _("县(区)"),
    RegionLevel.TOWNSHIP: _("乡镇(街道)"),
}


def _code(value) -> str:
    """A region code from a Region, a code string or None ("" when empty)."""
    if isinstance(value, Region):
        return value.code
    return str(value).strip() if value not in (None, "") else ""


def _check_level(level: str | None, name: str) -> str | None:
    if level is not None and level not in LEVEL_INDEX:
        raise ValueError(f"{name} must be one of {LEVELS}, got {level!r}")
    return level


class RegionCascadeWidget(forms.Widget):
    """Four selects `<name>_province|_city|_county|_township` and a hidden `<name>` with the chosen code.

    `root` (a code) confines the picker: the selects start below it. `max_level` is the deepest select.
    """

    template_name = "regions/widgets/cascade.html"
    use_fieldset = True

    class Media:
        js = [forms.Script("js/region-picker.js", defer=True)]

    def __init__(self, attrs=None, *, root=None, max_level: str = RegionLevel.TOWNSHIP):
        super().__init__(attrs)
        self.root = _code(root)
        self.max_level = _check_level(max_level, "max_level") or RegionLevel.TOWNSHIP

    @property
    def levels(self) -> list[str]:
        """The levels that get a select: below the root, down to max_level."""
        root_level = level_of_code(self.root) if self.root else None
        start = LEVEL_INDEX[root_level] + 1 if root_level else 0
        return LEVELS[start:LEVEL_INDEX[self.max_level] + 1]

    def _render(self, template_name, context, renderer=None):
        # The default form renderer only looks in app template folders; this template lives in the
        # project's templates/ like every other, so render it with the project's engine.
        return mark_safe(loader.render_to_string(template_name, context))

    def select_name(self, name: str, level: str) -> str:
        return f"{name}_{level}"

    def value_from_datadict(self, data, files, name):
        """The deepest chosen select whose code lies under the select above it; else the hidden input.

        A deeper select that no longer matches the one above it is stale (without JavaScript, the user
        changed the province and submitted while the old city was still selected), so it is ignored.
        """
        keys = [self.select_name(name, level) for level in self.levels]
        if not any(key in data for key in keys):
            return (data.get(name) or "").strip()
        chosen = ""
        for key in keys:
            code = (data.get(key) or "").strip()
            if not code or (chosen and not code.startswith(chosen)):
                break
            chosen = code
        return chosen

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(self.select_name(name, level) in data for level in self.levels)

    def format_value(self, value):
        return _code(value)

    def id_for_label(self, id_):
        levels = self.levels
        return f"{id_}_{levels[0]}" if id_ and levels else id_

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        root, levels = self.root, self.levels
        value = context["widget"]["value"] or ""
        if not value.startswith(root):
            value = ""  # out of scope: shown as nothing chosen below the root (the field reports the error)
        # The code each select would hold, by the national code structure (2/4/6/9 digits).
        candidates = [value[:CODE_LENGTH[level]] if len(value) >= CODE_LENGTH[level] else "" for level in levels]
        parents = [root, *[code for code in candidates[:-1] if code]]
        chain, children = cascade_regions(codes={*code_prefixes(value), *code_prefixes(root)}, parents=parents)
        id_ = context["widget"]["attrs"].get("id") or ""
        selects = []
        chosen = root
        parent_known = True  # the select above holds an existing region (or this is the first select)
        for level, candidate in zip(levels, candidates, strict=True):
            options = children.get(chosen, []) if parent_known else []
            selected = candidate if candidate and candidate in chain and chain[candidate].level == level else ""
            selects.append({
                "level": level,
                "name": self.select_name(name, level),
                "id": f"{id_}_{level}" if id_ else "",
                "label": LEVEL_LABELS[level],
                "options": options,
                # Built here, not by a template loop: the picker is on every list page (issue 12, point 14).
                "options_html": mark_safe("".join(
                    f'<option value="{escape(code)}"{" selected" if code == selected else ""}>{escape(region_name)}'
                    "</option>" for code, region_name in options)),
                "selected": selected,
                "disabled": not options,
            })
            parent_known = bool(selected)
            if selected:
                chosen = selected
        context["widget"].update({
            "selects": selects,
            "hidden_value": chosen,
            "root": root,
            "invalid": str(context["widget"]["attrs"].get("aria-invalid", "")).lower() == "true",
            "root_path": [chain[code].name for code in code_prefixes(root) if code in chain],
            "api_url": reverse("region-list"),
            "blank_label": _("请选择") if self.is_required else _("全部"),
        })
        return context


class RegionCascadeField(forms.Field):
    """A region chosen with the cascading picker; cleans to a Region (or None when optional and empty).

    root: a Region or code confining the choice to its scope (e.g. a county reviewer's region); with a
        root, choosing nothing below it means the root itself. Can be set after construction
        (`form.fields["region"].root = user.scope_code`).
    min_level / max_level: the shallowest and deepest level accepted (None / township: any level).
    """

    widget = RegionCascadeWidget
    default_error_messages = {
        "required": MSG_REGION_REQUIRED,
        "unknown": MSG_REGION_UNKNOWN,
        "out_of_scope": MSG_REGION_OUT_OF_SCOPE,
        "too_deep": MSG_REGION_TOO_DEEP,
    }

    def __init__(self, *, root=None, min_level: str | None = None, max_level: str = RegionLevel.TOWNSHIP,
                 **kwargs):
        self.min_level = _check_level(min_level, "min_level")
        max_level = _check_level(max_level, "max_level") or RegionLevel.TOWNSHIP
        if self.min_level and LEVEL_INDEX[self.min_level] > LEVEL_INDEX[max_level]:
            raise ValueError("min_level must not be below max_level")
        kwargs.setdefault("label", _("所在区划"))
        super().__init__(**kwargs)
        self.max_level = max_level
        self.widget.max_level = max_level
        self.root = root

    @property
    def root(self) -> str:
        return self._root

    @root.setter
    def root(self, value) -> None:
        """A Region, a code, or None/"" for the whole country; kept in step with the widget."""
        self._root = _code(value)
        self.widget.root = self._root

    def prepare_value(self, value):
        return _code(value)

    def to_python(self, value):
        code = _code(value)
        if not code:
            return None
        if level_of_code(code) is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        if self.root and not code.startswith(self.root):
            raise ValidationError(self.error_messages["out_of_scope"], code="out_of_scope")
        region = region_by_code(code)
        if region is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        return region

    def clean(self, value):
        # Nothing chosen below the root means the root itself (still checked against the levels).
        if not _code(value) and self.root:
            value = self.root
        return super().clean(value)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_level and LEVEL_INDEX[value.level] < LEVEL_INDEX[self.min_level]:
            raise ValidationError(MSG_REGION_TOO_SHALLOW[self.min_level], code="too_shallow")
        if LEVEL_INDEX[value.level] > LEVEL_INDEX[self.max_level]:
            raise ValidationError(self.error_messages["too_deep"], code="too_deep")

    def has_changed(self, initial, data):
        return _code(initial) != _code(data)
