"""Forms of the institution pages: the admins' star-rating form."""
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .services import MSG_STAR_REASON_REQUIRED

REVOKE = "revoke"


class StarRatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("星级"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("理由"), max_length=1000,
                             error_messages={"required": MSG_STAR_REASON_REQUIRED},
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                             help_text=_("理由记入星级变动记录，不在公示页显示。"))
    visit_ref = forms.CharField(label=_("评估检查编号（可选）"), max_length=32, required=False,
                                widget=forms.TextInput(attrs={"class": "form-control"}),
                                help_text=_("依据的质量评估或检查记录编号。"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [
            *[(str(n), "★" * n + "☆" * (5 - n) + " " + gettext("%(n)d 星") % {"n": n}) for n in range(5, 0, -1)],
            (REVOKE, gettext("撤销星级")),
        ]

    def rating_value(self) -> int | None:
        value = self.cleaned_data["rating"]
        return None if value == REVOKE else int(value)
