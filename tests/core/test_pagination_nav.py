"""The page links under every list (partials/pagination.html, written by portal_tags.pagination_nav in one pass):
previous/next, a window of pages with "…" where pages are skipped, the active page, the total, and links that
keep the rest of the query string."""
import re

import pytest
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import InstitutionFactory

PARTIAL = Template('{% include "partials/pagination.html" %}')


def render(query: str, number: int, count: int = 200) -> str:
    request = RequestFactory().get("/directory/" + query)
    page = Paginator(range(count), 20).page(number)
    return PARTIAL.render(Context({"request": request, "page_obj": page}))


def links(html: str) -> list[tuple[str, str]]:
    """(href, label) of each item, the href unescaped."""
    return [(href.replace("&amp;", "&"), label) for href, label in re.findall(r'<li class="page-item[^"]*"><(?:a class="page-link" href="([^"]*)"|span class="page-link")>'
                      r"([^<]*)<", html)]


def test_the_first_page_a_middle_page_and_the_last_page():
    with translation.override("zh-hans"):
        first = render("?q=托育&status=filed", 1)
        assert links(first) == [
            ("", "上一页"), ("?q=%E6%89%98%E8%82%B2&status=filed&page=1", "1"),
            ("?q=%E6%89%98%E8%82%B2&status=filed&page=2", "2"), ("?q=%E6%89%98%E8%82%B2&status=filed&page=3", "3"),
            ("", "…"), ("?q=%E6%89%98%E8%82%B2&status=filed&page=10", "10"),
            ("?q=%E6%89%98%E8%82%B2&status=filed&page=2", "下一页")]
        assert '<li class="page-item disabled"><span class="page-link">上一页</span></li>' in first
        assert '<li class="page-item active"><a class="page-link" href="?q=%E6%89%98%E8%82%B2&amp;status=filed' \
               '&amp;page=1">1</a></li>' in first
        assert "共 200 条" in first and '<nav aria-label="分页">' in first
        middle = render("?page=5&sort=name", 5)
        assert [label for _href, label in links(middle)] == ["上一页", "1", "…", "3", "4", "5", "6", "7", "…", "10",
                                                             "下一页"]
        assert 'href="?page=4&amp;sort=name">上一页' in middle and 'href="?page=6&amp;sort=name">下一页' in middle
        last = render("?page=10", 10)
        assert last.count("disabled") == 2 and '<span class="page-link">下一页</span>' in last
    with translation.override("en"):
        english = render("", 2, count=45)
        assert [label for _href, label in links(english)] == ["Previous", "1", "2", "3", "Next"]
        assert "45 in total" in english and 'aria-label="Pagination"' in english


def test_one_page_has_no_links_and_query_values_are_escaped():
    assert render("", 1, count=20).strip() == ""
    html = render('?q="><script>&page=2', 2)
    assert "<script>" not in html and "%3Cscript%3E" in html


@pytest.mark.django_db
def test_a_list_page_shows_them(client, regions):
    for i in range(25):
        InstitutionFactory(region=regions["county_a"], name=f"托育{i:02d}")
    page = client.get(reverse("institutions:directory"), {"q": "托育", "page": 2}).content.decode()
    assert 'href="?q=%E6%89%98%E8%82%B2&amp;page=1">上一页</a>' in page and "共 25 条" in page
