"""Fill the English catalogue from tab-separated `中文<TAB>English` lines (Chinese is the source language).

    python scripts/po_fill.py locale/en/LC_MESSAGES/django.po translations.tsv [more.tsv ...]

Matching entries get the translation and lose their `fuzzy` flag; plural entries take `one|||other`.
Entries not in the files are left alone. Then run `msgfmt -o django.mo django.po` (or compilemessages).
Lists the entries still untranslated or fuzzy when done.
"""
import re
import sys


def unquote(lines):
    return "".join(re.match(r'^(?:msgid|msgid_plural|msgstr(?:\[\d\])?)?\s*"(.*)"$', line).group(1)
                   for line in lines if line.strip()).encode("raw_unicode_escape").decode("unicode_escape")


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def parse(block):
    """Split a block into (comments, {keyword: [lines]}) keeping the keyword order."""
    comments, fields, current = [], {}, None
    for line in block.split("\n"):
        if line.startswith("#"):
            comments.append(line)
            continue
        match = re.match(r'^(msgid_plural|msgid|msgstr(?:\[\d\])?)\s', line)
        if match:
            current = match.group(1)
            fields[current] = [line]
        elif current:
            fields[current].append(line)
    return comments, fields


def main(po_path, *tsv_paths):
    table = {}
    for path in tsv_paths:
        for raw in open(path, encoding="utf-8"):
            raw = raw.rstrip("\n")
            if raw and not raw.startswith("#") and "\t" in raw:
                zh, en = raw.split("\t", 1)
                table[zh.replace("\\n", "\n")] = en.replace("\\n", "\n")
    blocks = open(po_path, encoding="utf-8").read().split("\n\n")
    out, missing = [], []
    for index, block in enumerate(blocks):
        comments, fields = parse(block)
        if index == 0 or "msgid" not in fields:
            out.append(block)
            continue
        msgid = unquote(fields["msgid"])
        if msgid in table:
            english = table[msgid]
            comments = [c for c in comments if not c.startswith("#|")]
            comments = [c.replace(", fuzzy", "") for c in comments if c.strip() not in ("#, fuzzy",)]
            lines = comments + fields["msgid"]
            if "msgid_plural" in fields:
                one, _, other = english.partition("|||")
                lines += fields["msgid_plural"]
                lines += [f"msgstr[0] {quote(one)}", f"msgstr[1] {quote(other or one)}"]
            else:
                lines.append(f"msgstr {quote(english)}")
            out.append("\n".join(lines))
            continue
        out.append(block)
        translated = any(unquote(v) for k, v in fields.items() if k.startswith("msgstr"))
        if not translated or any("fuzzy" in c for c in comments):
            missing.append(msgid)
    open(po_path, "w", encoding="utf-8").write("\n\n".join(out))
    for msgid in missing:
        print("untranslated:", msgid.replace("\n", "\\n"))
    print(f"{len(missing)} untranslated or fuzzy")


if __name__ == "__main__":
    main(*sys.argv[1:])
