"""Pagination shared by every list API."""
from rest_framework.pagination import PageNumberPagination

from core.pagination import CountCachingPaginator


class StandardPagination(PageNumberPagination):
    django_paginator_class = CountCachingPaginator  # counts of large results cached for a minute
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
