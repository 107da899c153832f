"""Every page each role reaches from its home, in English and in Chinese, on the demo data (issue 13 point 12).

An English page must not show a sentence of the Chinese catalogue (a text the code wrote that was never
translated), and a Chinese page no English sentence of the catalogue. Data stays as people wrote it (names,
addresses, checklist items, comments), so the test compares whole texts with the catalogue rather than
looking for Chinese characters. Text the page marks as Chinese on purpose (`lang="zh-Hans"`: the Chinese
column headers an import file must carry) is left out.
"""
import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
ROLES = ["operator", "reviewer", "inspector", "city_admin", "province_admin", "viewer", None]
PAGES_PER_ROLE = 40
SKIP = re.compile(r"logout|download|/file|\.csv|\.xlsx|\.pdf|/export|/admin/|/api/|/i18n/|/static/|/media/|/reveal|/jsi18n")
FIELD = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _pattern(text: str) -> re.Pattern:
    return re.compile("^" + ".+".join(re.escape(part) for part in FIELD.split(text)) + "$", re.S)


def catalogue() -> tuple[list[re.Pattern], list[re.Pattern]]:
    """Chinese msgids worth looking for (four characters or more) and English msgstrs (three words or more)."""
    chinese, english = [], []
    for msgid, msgstr in entries():
        if len(re.sub(FIELD, "", msgid)) >= 4 and re.search(r"[\u4e00-\u9fff]", msgid):
            chinese.append(_pattern(msgid))
        if msgstr and len(FIELD.sub("", msgstr).split()) >= 3:
            english.append(_pattern(msgstr))
    return chinese, english


def entries():
    """(msgid, msgstr) of the catalogue's singular entries."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            keyword = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) ", line)
            if keyword:
                current = keyword.group(1)
                line = line[keyword.end():]
            elif not line.startswith('"'):
                continue
            fields[current] = fields.get(current, "") + ast.literal_eval(line)
        if fields.get("msgid") and "msgid_plural" not in fields:
            yield fields["msgid"], fields.get("msgstr", "")


class Texts(HTMLParser):
    """The visible texts of a page (and its labels for assistive technology), and its links."""

    def __init__(self):
        super().__init__()
        self.skip, self.texts, self.links = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style") or (attributes.get("lang") or "").startswith("zh"):
            self.skip.append(tag)
        if tag == "a" and (attributes.get("href") or "").startswith("/"):
            self.links.append(attributes["href"].split("#")[0])
        if not self.skip:
            self.texts += [attributes[key] for key in ("title", "placeholder", "aria-label", "alt")
                           if attributes.get(key)]

    def handle_endtag(self, tag):
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def sweep(language: str, patterns: list[re.Pattern]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for username in ROLES:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        if username:
            client.force_login(get_user_model().objects.get(username=username))
        queue, seen = ["/"], set()
        while queue and len(seen) < PAGES_PER_ROLE:
            url = queue.pop(0)
            shape = re.sub(r"\d+", "N", url.split("?")[0])
            if shape in seen or SKIP.search(url):
                continue
            seen.add(shape)
            response = client.get(url, follow=True)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            page = Texts()
            page.feed(response.content.decode())
            queue += page.links
            for text in page.texts:
                if any(pattern.match(text) for pattern in patterns):
                    found.setdefault(text, set()).add(f"{username}:{shape}")
    return found


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))


def test_english_pages_show_no_untranslated_text(demo):
    chinese, _english = catalogue()
    assert sweep("en", chinese) == {}


def test_chinese_pages_show_no_english_text(demo):
    _chinese, english = catalogue()
    assert sweep("zh-hans", english) == {}
