"""Region scope as a range of codes, which an ordinary B-tree index can serve in order.

Region codes are digits (GB/T 2260 and the township extension), so "every code starting with 13" is the range
["13", "14"): PostgreSQL reads it from an index on (region_id, name, id) already in the list's order and stops
after one page, where `LIKE '13%'` under a non-C collation needs the pattern index, a bitmap of every row of
the province and a sort (issue 12, point 14). The same holds on SQLite (binary comparison).
"""
from django.db.models import Q


def prefix_successor(code: str) -> str | None:
    """The smallest digit string above every code that starts with `code` ("13" -> "14", "1399" -> "14"),
    or None when there is none ("99")."""
    digits = code.rstrip("9")
    if not digits:
        return None
    return digits[:-1] + str(int(digits[-1]) + 1)


def code_prefix_q(field: str, code: str) -> Q:
    """Rows whose `field` (a region code or region foreign key column) starts with `code` (digits)."""
    if not code:
        return Q()
    if not code.isdigit():
        return Q(**{f"{field}__startswith": code})  # not a region code: match nothing wrongly, use LIKE
    upper = prefix_successor(code)
    return Q(**{f"{field}__gte": code}) & (Q(**{f"{field}__lt": upper}) if upper else Q())


def summed_into(code: str, region_code: str, child_codes: list[str]) -> tuple[str, ...]:
    """The codes a figure of region `code` adds to in a table of `region_code` and its children (all of one
    length): its child region, if it lies in one, and the region itself."""
    length = len(child_codes[0]) if child_codes else 0
    if length and len(code) >= length:
        return code[:length], region_code
    return (region_code,)
