"""Statistics pages: a region's dashboard (drilling down to counties and a county's institutions), the
exports of its child regions' figures and ranking, and the boundary files of its map.

Staff with a region scope see the regions in it (admins and viewers above all; a county reviewer sees
their county); anything else, operators included, answers 404, as the API does."""
import datetime
import re
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core.files import public_file_response
from programme.models import DemonstrationCity, SupervisionItem

from .dashboard import DEFAULT_SORT, SORT_FIELDS, dashboard_get
from .exports import figures_table_response
from .extensions import dashboard_extras
from .models import COUNTRY_CODE, YEAR_QUARTER
from .progress import daily_progress

BOUNDARIES = Path(__file__).resolve().parent / "data" / "boundaries"
BOUNDARY_NAME = re.compile(r"^(country|\d{2}|\d{4})$")
QUARTER_CHOICES = [(0, gettext_lazy("全年")), (1, gettext_lazy("第一季度")), (2, gettext_lazy("第二季度")),
                   (3, gettext_lazy("第三季度")), (4, gettext_lazy("第四季度"))]


def _int(value, default=None, *, low=0, high=9999):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if low <= number <= high else default


def _request_params(request) -> tuple[str, int | None, int]:
    user = request.user
    if user.scope_code is None:  # operators: no statistics
        raise Http404
    region = request.GET.get("region")
    if region is None:
        region = user.scope_code
    region = region.strip()
    if region and not region.isdigit():
        raise Http404
    return region, _int(request.GET.get("year")), _int(request.GET.get("quarter"), YEAR_QUARTER, high=4)


@login_required
@require_GET
def dashboard(request):
    region, year, quarter = _request_params(request)
    board = dashboard_get(user=request.user, region_code=region, year=year, quarter=quarter,
                          sort=request.GET.get("sort", DEFAULT_SORT))
    figures = board.figures
    years = sorted({y for y, _q in board.periods}, reverse=True)
    quarters = {q for y, q in board.periods if y == figures.year}
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    bulletin_query = urlencode({"region": figures.region_code, "year": figures.year,
                                "period": f"Q{figures.quarter}" if figures.quarter else "Y"})
    return render(request, "stats/dashboard.html", {
        "nav": "stats",
        "board": board,
        "f": figures,
        "years": years,
        "quarter_choices": [(q, label) for q, label in QUARTER_CHOICES if q in quarters],
        "sort_keys": SORT_FIELDS,
        "is_country": figures.region_code == COUNTRY_CODE,
        "chart_data": board.chart_data(),
        "computed_ago": timezone.now() - figures.computed_at,
        "bulletin_url": f"{reverse('stats:bulletin')}?{bulletin_query}",
        # What other apps add (stats/extensions.py): the monthly reports' completeness, read live.
        "extras": dashboard_extras(figures),
        # Yesterday's activity belongs to the running period: a past period's page does not show it.
        "progress": daily_progress(request.user, figures.region_code) if figures.as_of >= yesterday else None,
        # Open supervision items on this region or opened by it (issue 16 point 5).
        "supervision": list(SupervisionItem.objects.visible_to(request.user).open().about(figures.region_code)
                            .select_related("region").order_by("deadline", "id")[:20]),
        # A city's national demonstration city status, latest batch first (issue 16 point 2).
        "demonstration_city": DemonstrationCity.objects.filter(region_id=figures.region_code).order_by("-year").first()
        if len(figures.region_code) == 4 else None,
        "today": timezone.localdate(),
    })


@login_required
@require_GET
def export(request, kind: str, fmt: str):
    """The child regions' figures (kind "children") or their ranking (kind "ranking") as CSV or XLSX."""
    if kind not in ("children", "ranking") or fmt not in ("csv", "xlsx"):
        raise Http404
    region, year, quarter = _request_params(request)
    board = dashboard_get(user=request.user, region_code=region, year=year, quarter=quarter,
                          sort=DEFAULT_SORT if kind == "ranking" else "code")
    figures = board.figures
    period = f"{figures.year}" + (f"Q{figures.quarter}" if figures.quarter else "")
    name = figures.region_name
    title = _("排名") if kind == "ranking" else _("下级区划统计")
    filename = f"tuoyu-stats-{kind}-{figures.region_code or 'CN'}-{period}"
    return figures_table_response(kind=kind, fmt=fmt, rows=board.children, filename=filename,
                                  title=f"{name}{period}{title}")


@require_GET
@cache_control(public=True, max_age=86400)
def boundary(request, name: str):
    """A boundary file of the maps (public data, cached a day): country, a province or a city by its children."""
    if not BOUNDARY_NAME.match(name):
        raise Http404
    path = BOUNDARIES / f"{name}.json"
    if not path.is_file():
        raise Http404
    return public_file_response(path, content_type="application/json")
