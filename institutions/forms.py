"""Forms of the institution pages: the admins' star-rating form; the choice of one of the user's filed
institutions that other apps' forms start from."""
from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .models import Institution
from .services import MSG_STAR_REASON_REQUIRED

REVOKE = "revoke"


class StarRatingForm(forms.Form):
    rating = forms.ChoiceField(label=_("星级"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("理由"), max_length=1000,
                             error_messages={"required": MSG_STAR_REASON_REQUIRED},
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                             help_text=_("理由记入星级变动记录，不在公示页显示。"))
    visit_ref = forms.ChoiceField(label=_("依据的检查记录（可选）"), required=False,
                                  widget=forms.Select(attrs={"class": "form-select"}),
                                  help_text=_("该机构已完成的检查，质量评估在前；星级一般依据最近一次质量评估。"))

    def __init__(self, *args, basis_visits=(), **kwargs):
        """basis_visits: (id, label) of the institution's finished visits, newest quality assessments first."""
        super().__init__(*args, **kwargs)
        self.fields["visit_ref"].choices = [("", gettext("不关联检查记录")), *[(str(pk), label) for pk, label in basis_visits]]
        self.fields["rating"].choices = [
            *[(str(n), "★" * n + "☆" * (5 - n) + " " + ngettext("%(n)d 星", "%(n)d 星", n) % {"n": n}) for n in range(5, 0, -1)],
            (REVOKE, gettext("撤销星级")),
        ]

    def rating_value(self) -> int | None:
        value = self.cleaned_data["rating"]
        return None if value == REVOKE else int(value)


class FiledInstitutionForm(forms.Form):
    """A form that names one of the user's filed institutions (operators: theirs; county admins: their county's)."""

    institution = forms.ModelChoiceField(label=_("机构"), queryset=Institution.objects.none(),
                                         widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.visible_to(user).filter(
            filing_state="filed").order_by("name")
