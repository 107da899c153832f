"""gunicorn's settings for the portal: every `gunicorn` started in the project's directory reads this file
(docker-compose.yml, the Dockerfile, bench/list_pages.py); options given on the command line still win.

Garbage collection. A worker holds about 170,000 objects made when it loads the portal (Django, the apps, their
models, URL patterns, translations) and kept for its whole life. Python's full collection walks every one of them:
about 70 ms, once every few hundred requests, during which the worker answers nobody — at 20 concurrent clients it
was the tail of every list page's latency (list pages at national scale, issue 12 point 14). Once the application is
loaded, those objects are collected once and then frozen (`gc.freeze()`: kept out of every later collection), so a
full collection walks only what requests made: about 1.5 ms. Nothing a request makes is frozen.
"""
import gc


def post_worker_init(worker):
    """After the worker has loaded the application (and before its first request)."""
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 (builds the URL resolver's tables, kept for the worker's life)
    gc.collect()
    gc.freeze()
