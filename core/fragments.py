"""What cached template fragments depend on beyond their own key: the versions of cached tables they show.

An app whose rows a fragment may show (the regions' names in a region picker) registers its cache version here
(AppConfig.ready); `versions()` is part of every key made by the `form_fragment_key` tag (core.templatetags), so
that a change of those rows shows on the next page (core does not import the apps: they register themselves).
"""
from collections.abc import Callable

_VERSIONS: dict[str, Callable[[], str]] = {}


def register_version(name: str, version: Callable[[], str]) -> None:
    _VERSIONS[name] = version


def versions() -> tuple[str, ...]:
    return tuple(version() for _name, version in sorted(_VERSIONS.items()))
