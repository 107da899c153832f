"""Reading table rows out of a page: {data-attribute value: [cell texts]} for the rows that carry the attribute."""
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Rows(HTMLParser):
    def __init__(self, attribute: str, within: str | None):
        super().__init__()
        self.attribute, self.within = attribute, within
        self.rows: dict[str, list[str]] = {}
        self.inside = within is None
        self.depth = 0
        self.key = self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.within is not None and attrs.get("id") == self.within:
            self.inside, self.depth = True, 0
        if self.inside and tag not in VOID:
            self.depth += 1
        if not self.inside:
            return
        if tag == "tr" and self.attribute in attrs:
            self.key = attrs[self.attribute]
            self.rows[self.key] = []
        elif tag in ("td", "th") and self.key is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if self.inside and self.within is not None:
            self.depth -= 1
            if self.depth <= 0:
                self.inside = False
        if tag in ("td", "th") and self.cell is not None and self.key is not None:
            self.rows[self.key].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr":
            self.key = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_rows(html: str, attribute: str, *, within: str | None = None) -> dict[str, list[str]]:
    """Rows of the page (or of the element with id `within`) that have `attribute`, keyed by its value."""
    parser = _Rows(attribute, within)
    parser.feed(html)
    return parser.rows
