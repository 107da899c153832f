"""The printable bulletin (通报) page: /stats/bulletin/?region=CODE&year=Y&period=Q1..Q4|H1|H2|Y."""
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .bulletins import BulletinUnavailable, bulletin_get

PERIOD_CHOICES = [  # the keys of stats.bulletins.PERIOD_KEYS
    ("Q1", _("第一季度")), ("Q2", _("第二季度")), ("Q3", _("第三季度")), ("Q4", _("第四季度")),
    ("H1", _("上半年")), ("H2", _("下半年")), ("Y", _("全年")),
]


class BulletinForm(forms.Form):
    region = forms.CharField(label=_("区划代码"), max_length=12, required=False)
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("期间"), choices=PERIOD_CHOICES)


@login_required
def bulletin(request):
    """Staff with a region scope; the region defaults to the user's own, the period to the last quarter that has
    ended (a bulletin reports a finished period; a running one can still be chosen), a past year to the year."""
    user = request.user
    if user.scope_code is None:
        raise Http404
    today = timezone.localdate()
    ended = (today.month - 1) // 3  # quarters of this year that have ended
    year = request.GET.get("year")
    if not year:
        year, period = (today.year, f"Q{ended}") if ended else (today.year - 1, "Q4")
    elif str(year).strip().isdigit() and int(year) < today.year:
        period = "Y"
    else:
        period = f"Q{ended or 1}"
    form = BulletinForm({
        "region": request.GET.get("region", user.scope_code),
        "year": year,
        "period": request.GET.get("period") or period,
    })
    context = {"form": form, "nav": "stats"}
    if not form.is_valid():
        return render(request, "stats/bulletin_unavailable.html", context, status=400)
    data = form.cleaned_data
    try:
        context["bulletin"] = bulletin_get(user=user, region_code=data["region"], year=data["year"],
                                           period_key=data["period"], today=today)
    except BulletinUnavailable as exc:
        context["message"] = str(exc)
        return render(request, "stats/bulletin_unavailable.html", context, status=404)
    parent = context["bulletin"].figures.parent_code
    context["parent_code"] = parent if parent is not None and user.in_scope(parent) else None
    return render(request, "stats/bulletin.html", context)
