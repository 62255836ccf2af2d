"""Markdown for mkdocs with every piece of draft text escaped, so that text can never become markup.

Text from the YAML goes through `text()` before it reaches a page. Every ASCII punctuation character that
could take part in Markdown or HTML syntax (emphasis, links, reference definitions, attribute lists `{…}`,
line-start markers such as `#`, `-`, `1.`, raw HTML, entities) is written as a character reference
(`&#42;`, `&lt;`): Python-Markdown passes character references through untouched and the browser shows the
character. Backslash escapes are not enough: a line such as `[\\]: x` is still read as a reference
definition, and mkdocs' toc code turns backslash escapes back into raw characters.

Control characters are dropped: Python-Markdown keeps its own placeholders between STX and ETX
(`\\x02…\\x03`), and a forged placeholder could turn into `<` after rendering. Line breaks and tabs become
spaces, because a new line could start a heading, a list or a code block. Callers strip the lines they
assemble (see `line()`), because leading spaces make a code block and two trailing ones a line break.

Titles that mkdocs-material prints through its templates (page titles, the site name) are not Markdown;
`template_text()` escapes them for HTML, quotes included, because the templates print them unescaped.
"""

from __future__ import annotations

import html
import json
import re
import string
from functools import lru_cache

# Punctuation no Markdown syntax uses as long as mkdocs.yml enables no extension that gives it meaning
# (smarty: quotes; def_list: `:` at line start, never reached since lines start with our own markup).
_PLAIN_PUNCTUATION = frozenset(",;:?'\"/%@$")
_REFERENCES = str.maketrans(
    {char: f"&#{ord(char)};" for char in string.punctuation if char not in _PLAIN_PUNCTUATION}
    | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
# C0 and C1 controls; tabs and line breaks become spaces first.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WHITESPACE_BREAK = re.compile(r"\r\n|[\t\r\n\v\f\u2028\u2029\x85]")
# Anchors are the authors' stable ids, which the schema limits to these characters.
_SAFE_ID = re.compile(r"[^a-z0-9-]")


def _clean(value: str) -> str:
    return _CONTROL.sub("", _WHITESPACE_BREAK.sub(" ", value))


@lru_cache(maxsize=16_384)  # a text shows on several pages, and is unchanged from one save to the next
def text(value: str) -> str:
    """Draft text as a literal in running Markdown: no markup, no HTML, one line."""
    return _clean(value).translate(_REFERENCES)


def line(markdown: str) -> str:
    """A Markdown line assembled from pieces, without the edge spaces Markdown would read as syntax."""
    return markdown.strip(" ")


def attribute(value: str) -> str:
    """A value for an HTML attribute or text in a raw HTML block (never Markdown-processed)."""
    return html.escape(_clean(value), quote=True)


def template_text(value: str) -> str:
    """Text that mkdocs or its theme prints unescaped into HTML (page titles, the site name)."""
    return attribute(value)


def front_matter(title: str) -> list[str]:
    """YAML front matter that sets the page title; JSON strings are valid YAML and need no quoting rules."""
    return ["---", f"title: {json.dumps(template_text(title))}", "---", ""]


def anchor(stable_id: str) -> str:
    """An HTML id from a stable id; the schema already guarantees the form, this keeps a bad one inert."""
    return _SAFE_ID.sub("-", stable_id.lower())


def link(label_markdown: str, href: str, attributes: str = "") -> str:
    """An inline link; `label_markdown` is already escaped, `href` is built from ids and page paths."""
    suffix = f"{{ {attributes} }}" if attributes else ""
    return f"[{label_markdown}]({href}){suffix}"


def block_attributes(anchor: str | None, *classes: str) -> str:
    """The attr_list line that ends a paragraph: its id and classes."""
    parts = ([f"#{anchor}"] if anchor else []) + [f".{name}" for name in classes]
    return "{: " + " ".join(parts) + " }"


def span(css_class: str, content_markdown: str) -> str:
    """Inline raw HTML: a span around already escaped Markdown, for labels the CSS places."""
    return f'<span class="{css_class}">{content_markdown}</span>'
