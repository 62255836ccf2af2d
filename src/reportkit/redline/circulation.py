"""The circulation pack: the recommendations of one recorded version, as sent to delegations.

Paragraph 39 of the 2021 report asks for the recommendations "earlier, including, where possible, prior to
the meeting", and streamlined "to avoid duplication". The pack answers both: a recommendations-only
document in UN layout, marked as a draft for consultation with its version and date, holding the
recommendations as delegations should read them — numbers and texts, nothing of the secretariat's. The
stable ids travel invisibly (hidden bookmarks and document properties, `pack_marks`), so that a copy
returned with tracked changes can be matched to what was sent; the document opens with Track Changes on.

The *internal* copy is the same document annotated for the secretariat's own review: each
recommendation's stable id, its themes and status, and any duplication flags. The flags come from the
duplication check, which `circulate` runs on the report (and the registry, when there is one) and turns
into sentences with `duplication_flags`; they are recorded with the version, so either copy can be
printed again from the version file alone. A version recorded without a check says so in its internal
copy.

Both writers are pure: a snapshot in, bytes or Markdown out. The site page follows the same rule.
"""

from __future__ import annotations

from itertools import groupby

from reportkit.checks.duplicates import Findings
from reportkit.redline.compare import compare
from reportkit.redline.docx import UnitRenderer, made_by_and_response
from reportkit.redline.layout import UnDocument, display_date, masthead, original_line, running_heads
from reportkit.redline.ooxml import Revisions
from reportkit.redline.pack_marks import MEETING_PROPERTY, VERSION_PROPERTY, set_custom_properties
from reportkit.versions import Line, Snapshot, Unit
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, span, text


def duplication_flags(findings: Findings) -> dict[str, tuple[str, ...]]:
    """The duplication check's findings (`reportkit.checks.duplicates`) as one sentence per flag under
    each recommendation concerned: both recommendations of a pair within the draft are flagged, a draft
    recommendation that repeats an earlier meeting's is flagged with that meeting's symbol."""
    flags: dict[str, list[str]] = {}
    for finding in findings.findings:
        verb = "Duplicates" if finding.level == "duplicate" else "May overlap with"
        pairs = [(finding.first, finding.second)]
        if not finding.second.in_registry:
            pairs.append((finding.second, finding.first))
        for flagged, other in pairs:
            meeting = f" ({other.meeting})" if other.in_registry and other.meeting else ""
            sentence = (
                f"Duplication check: {verb} {other.label}{meeting} "
                f"(score {finding.score:.2f}, {finding.basis}). {finding.advice}"
            )
            flags.setdefault(flagged.id, []).append(sentence)
    return {key: tuple(sentences) for key, sentences in flags.items()}


def _title(snapshot: Snapshot) -> str:
    name = snapshot.meeting.meeting_name
    return f"Draft recommendations of the {name}" if name else "Draft recommendations"


def _introduction(snapshot: Snapshot, internal: bool) -> list[str]:
    report_title = snapshot.meeting.title
    report_title = report_title[:1].lower() + report_title[1:]
    paragraphs = [
        f"The draft recommendations below are circulated to delegations for consultation before the "
        f"adoption of the {report_title}. This is version {snapshot.name} of {snapshot.date_label}.",
    ]
    if not internal:
        paragraphs.append(
            "Delegations are invited to propose amendments directly in this document, which opens with "
            "Track Changes turned on, to explain them in comments where useful, and to return the document "
            "to the secretariat. Recommendations may be renumbered in later versions."
        )
        return paragraphs
    paragraphs.append(
        "Internal copy for the secretariat, not for circulation. Each recommendation is shown with its "
        "number in this version and its identifier, which stays the same when recommendations are "
        "renumbered; later versions are compared with this one by identifier. Themes, status and the "
        "duplication check's findings are given under each heading."
    )
    if not snapshot.duplication_checked:
        paragraphs.append("This version has not been checked for duplication with earlier recommendations.")
    return paragraphs


def write_circulation_docx(snapshot: Snapshot, internal: bool = False) -> bytes:
    """The pack's Word document: masthead, introduction, then the recommendations by section. The
    internal copy adds ids, themes, status and the duplication flags recorded with the version."""
    target = UnDocument(snapshot.style)
    status = [
        "Draft for consultation",
        f"Version {snapshot.name}",
        display_date(snapshot.moment, snapshot.meeting),
        original_line(snapshot.meeting),
    ]
    if internal:
        status.insert(1, "Internal copy")
    masthead(target, snapshot.meeting, status, _title(snapshot))
    for paragraph_text in _introduction(snapshot, internal):
        target.add(target.style("SingleTxt"), paragraph_text)
    renderer = UnitRenderer(
        target,
        Revisions("reportkit", snapshot.moment),
        recommendation_headings=snapshot.meeting.recommendation_style != "paragraphs",
        style=snapshot.style,
        show_ids=internal,
        show_details=internal,
        hidden_ids=True,
        theme_titles=dict(snapshot.themes),
        flags={unit.id: unit.flags for unit in snapshot.recommendations if unit.flags} if internal else {},
    )
    # A version compared with itself: every entry in place, nothing tracked.
    renderer.entries(compare(snapshot, snapshot).sequence)
    what = "internal copy" if internal else "draft for consultation"
    running_heads(target, f"{snapshot.meeting.symbol} \u2014 {what}, version {snapshot.name}", snapshot.name)
    if not internal:
        # What a delegation changes is then tracked, and `amendments collect` can attribute it.
        target.track_revisions()
    set_custom_properties(
        target.document, {VERSION_PROPERTY: snapshot.name, MEETING_PROPERTY: snapshot.meeting.symbol}
    )
    return target.save(_title(snapshot), f"Draft for consultation, version {snapshot.name}", snapshot.moment)


# --------------------------------------------------------------------------- the site page


def _lines_markdown(unit: Unit) -> list[str]:
    lines: list[str] = []
    for item in unit.lines:
        lines.extend(_line_markdown(item))
    return lines


def _line_markdown(item: Line) -> list[str]:
    if item.kind == "text":
        return [line(text(item.text)), block_attributes(None, "rk-recommendation-text"), ""]
    if item.kind == "item":
        classes = ("rk-subitem", f"rk-depth-{max(1, item.depth)}")
        return [
            line(f"{span('rk-label', text(item.label))} {text(item.text)}"),
            block_attributes(None, *classes),
            "",
        ]
    return [
        line(f"{span('rk-label', text(item.label))} {text(item.text)}"),
        block_attributes(None, "rk-footnote"),
        "",
    ]


def write_circulation_page(snapshot: Snapshot, internal: bool = False) -> str:
    """The pack as a Markdown page for the site (mkdocs-material, attr_list): every text escaped. Like
    the pack, the page shows only numbers and texts; each heading's anchor is the stable id, so links
    survive renumbering. The internal page adds ids, themes, status and flags."""
    title = f"Draft recommendations, version {snapshot.name}"
    if internal:
        title += " (internal)"
    lines = [*front_matter(title), f"# {text(title)}", ""]
    for paragraph_text in _introduction(snapshot, internal):
        lines.extend([line(text(paragraph_text)), ""])
    themes = dict(snapshot.themes)
    for section_id, group in groupby(snapshot.recommendations, key=lambda unit: unit.section):
        section = snapshot.section(section_id)
        if section is not None:
            heading = text(f"{section.number}. {section.title}")
            lines.extend([f"## {heading} {{ #{anchor(section.id)} }}", ""])
        for unit in group:
            heading = text(snapshot.style.recommendation_heading(unit.number))
            lines.extend([f"### {heading} {{ #{anchor(unit.id)} .rk-recommendation }}", ""])
            if internal:
                facts = [f"Identifier: {unit.id}"]
                if unit.themes:
                    facts.append("Themes: " + "; ".join(themes.get(theme, theme) for theme in unit.themes))
                if unit.status:
                    facts.append(f"Status: {unit.status}")
                lines.extend([line(text(" \u00b7 ".join(facts))), block_attributes(None, "rk-meta"), ""])
            lines.extend(_lines_markdown(unit))
            states_and_response = made_by_and_response(unit, snapshot.style)
            if states_and_response:
                lines.extend([line(text(states_and_response)), block_attributes(None, "rk-meta"), ""])
            for flag in unit.flags if internal else ():
                lines.extend([line(text(flag)), block_attributes(None, "rk-meta", "rk-flag"), ""])
    return "\n".join(lines).rstrip() + "\n"
