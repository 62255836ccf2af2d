"""Report content as Markdown lines for one page: inline text, references, footnotes, subparagraphs.

A `PageRenderer` belongs to one page. It knows the page's path (links are relative to it), the ids the
page itself shows (a reference to one of them stays on the page), and it collects the footnotes met
on the way, to print them at the bottom with their numbers from the report.
"""

from __future__ import annotations

from reportkit.model import (
    AgendaItem,
    DocumentSymbol,
    Footnote,
    Inlines,
    Reference,
    Report,
    SubItem,
    Text,
    agenda_lines,
)
from reportkit.writers.markdown import document_url, emphasized
from reportkit.writers.site.links import AGENDA, SiteMap, page_href
from reportkit.writers.site.markup import anchor, block_attributes, line, link, span, text

# Footnote anchors contain a colon, which stable ids cannot, so they never clash with an author's id.
FOOTNOTE_ANCHOR = "fn:{number}"
FOOTNOTE_REF_ANCHOR = "fnref:{number}"


class PageRenderer:
    def __init__(self, report: Report, site_map: SiteMap, page: str, local_ids: frozenset[str]) -> None:
        self.report = report
        self.site_map = site_map
        self.page = page
        self.local_ids = local_ids
        self.footnotes: list[Footnote] = []

    def href(self, target_id: str) -> str | None:
        return self.site_map.href(target_id, self.page, self.local_ids)

    def to_page(self, page: str, fragment: str | None = None) -> str:
        return page_href(page, self.page, fragment)

    # ----------------------------------------------------------------------------- inline content

    def inlines(self, inlines: Inlines) -> str:
        return "".join(self._inline(inline) for inline in inlines)

    def _inline(self, inline: Text | DocumentSymbol | Reference | Footnote) -> str:
        if isinstance(inline, Text):
            return emphasized(text(inline.value), inline.emphasis)
        if isinstance(inline, DocumentSymbol):
            # The official documents system: a plain link, nothing is fetched unless a reader follows it.
            return link(text(inline.symbol), document_url(inline.symbol))
        if isinstance(inline, Reference):
            return self._reference(inline)
        return self._footnote_mark(inline)

    def _reference(self, reference: Reference) -> str:
        if not reference.rendered:  # unresolved; a build with errors never gets this far
            return text(", ".join(reference.targets))
        pieces: list[str] = []
        for part in reference.rendered:
            href = self.href(part.target) if part.target else None
            pieces.append(link(text(part.text), href, ".rk-ref") if href else text(part.text))
        return "".join(pieces)

    def _footnote_mark(self, footnote: Footnote) -> str:
        if footnote not in self.footnotes:
            self.footnotes.append(footnote)
        number = footnote.number
        return link(
            str(number),
            f"#{FOOTNOTE_ANCHOR.format(number=number)}",
            f"#{FOOTNOTE_REF_ANCHOR.format(number=number)} .rk-footnote-ref",
        )

    def footnote_lines(self) -> list[str]:
        """The footnotes met on this page, with their report numbers, each linking back to its mark."""
        if not self.footnotes:
            return []
        lines = ["---", ""]
        position = 0
        # Footnotes may hold footnotes; rendering one can add more to the list, hence the index loop.
        while position < len(self.footnotes):
            footnote = self.footnotes[position]
            number = footnote.number
            back = link(str(number), f"#{FOOTNOTE_REF_ANCHOR.format(number=number)}", ".rk-footnote-number")
            lines.append(line(f"{back} {self.inlines(footnote.content)}"))
            lines.extend([block_attributes(FOOTNOTE_ANCHOR.format(number=number), "rk-footnote"), ""])
            position += 1
        return lines

    # ----------------------------------------------------------------------------- numbered lines

    def numbered(self, label: str, target_id: str | None, content: str, *classes: str) -> list[str]:
        """A paragraph with its number or label in the margin; the label links to the paragraph itself."""
        if target_id:
            marker = link(text(label), f"#{anchor(target_id)}", ".rk-label")
        else:
            marker = span("rk-label", text(label))
        return [
            line(f"{marker} {content}"),
            block_attributes(anchor(target_id) if target_id else None, *classes),
            "",
        ]

    def sub_items(self, items: tuple[SubItem, ...], depth: int = 1) -> list[str]:
        lines: list[str] = []
        for item in items:
            lines.extend(
                self.numbered(item.label, item.id, self.inlines(item.text), "rk-subitem", f"rk-depth-{depth}")
            )
            lines.extend(self.sub_items(item.items, depth + 1))
        return lines

    def agenda(self) -> list[str]:
        """The agenda as adopted, as in the report; each number links to the item on the agenda page."""
        items: list[AgendaItem] = []
        for item in self.report.agenda:
            items.extend([item, *item.items])
        lines: list[str] = []
        for item, (depth, number, title) in zip(items, agenda_lines(self.report.agenda), strict=True):
            marker = link(text(number), self.to_page(AGENDA, anchor(item.id)), ".rk-label")
            lines.extend(
                [
                    line(f"{marker} {text(title)}"),
                    block_attributes(None, "rk-agenda", f"rk-depth-{depth + 1}"),
                    "",
                ]
            )
        return lines
