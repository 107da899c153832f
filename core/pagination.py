"""Counting a large list cheaply: a paginator that remembers the count of a big result for a minute.

A list page counts its rows to number the pages ("共 126,000 条"). On a national list that count scans the
whole table on every page turn, for every user, although it changes a few times a day. Counts of at least
CACHE_FROM rows are kept in the shared cache for CACHE_SECONDS, keyed by the exact SQL of the query (scope and
filters included, so two scopes never share a count); smaller counts, which are cheap and where one new row is
noticed (a county's queue), are always exact. The count's SQL is compiled once, for both the key and the count
(the ORM's own count() would compile it a second time). The rows of a page are never cached.
"""
import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

CACHE_FROM = 1000
CACHE_SECONDS = 60


def _count_sql(queryset: QuerySet) -> tuple[str, tuple] | None:
    """SELECT COUNT(*) of the queryset's rows (None when it can match nothing)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return None
    return f"SELECT COUNT(*) FROM ({sql}) counted", params


class CountCachingPaginator(Paginator):
    """Paginator whose count of a large queryset is cached for a minute (see the module docstring).

    Asked for the first page (get_page), it first reads one row more than a page: when that is all there is
    (a search with a dozen results) the count is known without a COUNT query, and the rows are the page.
    """

    _first_page_wanted = False
    _head: list | None = None

    def get_page(self, number):
        self.expect_page(number)
        return super().get_page(number)

    def expect_page(self, number) -> None:
        """The page that will be asked for (get_page says it; Django's admin asks for the count first, then for
        page(number): its ModelAdmin.get_paginator says it here)."""
        self._first_page_wanted = number in (None, "", 1, "1")

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        if self._first_page_wanted:
            head = list(self.object_list[: self.per_page + 1])
            if len(head) <= self.per_page:
                self._head = head
                return len(head)
            self._head = head[: self.per_page]
        counted = _count_sql(self.object_list)
        if counted is None:
            return 0
        sql, params = counted
        db = self.object_list.db
        key = "list-count:" + hashlib.sha256(repr((db, sql, params)).encode()).hexdigest()
        cached = cache.get(key)
        if cached is not None:
            return cached
        with connections[db].cursor() as cursor:
            cursor.execute(sql, params)
            count = cursor.fetchone()[0]
        if count >= CACHE_FROM:
            cache.set(key, count, CACHE_SECONDS)
        return count

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 and self._head is not None:
            return self._get_page(self._head, number, self)
        return super().page(number)


class StandardPagination(PageNumberPagination):
    """Pagination of every list API (REST_FRAMEWORK["DEFAULT_PAGINATION_CLASS"])."""

    django_paginator_class = CountCachingPaginator  # counts of large results cached for a minute
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
