"""The comparison as the site page "Changes since version X" (changes.md; the same as data is
writers/changes_json.py).

Both list the same things as the redline: what was added, deleted, moved or reworded (with the word
changes), what was only renumbered, and the map from old numbers to new.
"""

from __future__ import annotations

from reportkit.comparison.compare import Comparison, UnitChange, WordOp
from reportkit.house import HouseStyle
from reportkit.versions import CURRENT, Snapshot, Unit
from reportkit.writers.site.markup import anchor, block_attributes, front_matter, line, span, text

# --------------------------------------------------------------------------- the site page


def _name(snapshot: Snapshot) -> str:
    """ "version v1 (20 May 2021)"; the drafts carry no date, so that a site rebuilt another day is the
    same site."""
    if snapshot.name == CURRENT:
        return "the current drafts"
    return f"version {snapshot.name} ({snapshot.date_label})"


def _noun(unit: UnitChange, style: HouseStyle) -> str:
    """ "Recommendation" or "Paragraph", in the report's house style's words."""
    return (
        style.recommendation_heading_word if unit.kind == "recommendation" else style.paragraph_heading_word
    )


def ops_markdown(ops: tuple[WordOp, ...]) -> str:
    """Word changes as inline `<del>`/`<ins>`; the text inside is escaped like any draft text."""
    pieces: list[str] = []
    for op in ops:
        if op.op == "equal":
            pieces.append(text(op.new))
        elif op.op == "delete":
            pieces.append(f'<del class="rk-del">{text(op.old)}</del>')
        else:
            pieces.append(f'<ins class="rk-ins">{text(op.new)}</ins>')
    return "".join(pieces)


def _where(snapshot: Snapshot, unit: Unit) -> str:
    section = snapshot.section(unit.section)
    if section is None:
        return ""
    return f"{snapshot.style.section_word} {snapshot.section_label(section.id)} ({section.title})"


def _unit_heading(unit: UnitChange, suffix: str, style: HouseStyle) -> list[str]:
    shown = unit.new or unit.old
    assert shown is not None
    title = text(f"{_noun(unit, style)} {shown.number} {suffix}".strip())
    return [f"### {title} {{ #{anchor('change-' + unit.id)} }}", ""]


def _full_text(unit: Unit, css_tag: str) -> list[str]:
    lines: list[str] = []
    for item in unit.lines:
        label = f"{span('rk-label', text(item.label))} " if item.label else ""
        body = f"<{css_tag}>{text(item.text)}</{css_tag}>"
        classes = ("rk-subitem", f"rk-depth-{max(1, item.depth)}") if item.kind == "item" else ()
        lines.extend([line(label + body), *([block_attributes(None, *classes)] if classes else []), ""])
    return lines


def write_changes_page(comparison: Comparison) -> str:
    """The "Changes since version X" page: a summary, then each kind of change, then the number map."""
    old, new = comparison.old, comparison.new
    title = f"Changes since version {old.name}"
    lines = [*front_matter(title), f"# {text(title)}", ""]
    scope = "recommendations" if comparison.scope == "recommendations" else "paragraphs and recommendations"
    lines.extend(
        [
            line(
                text(
                    f"The {scope} of {_name(new)} compared with {_name(old)}, "
                    "by identifier: a text that only received a new number is listed "
                    "under \u201crenumbered\u201d, not as changed."
                )
            ),
            "",
        ]
    )
    summary = [
        (comparison.added, "added"),
        (comparison.deleted, "deleted"),
        (comparison.moved, "moved"),
        (comparison.changed, "reworded"),
        (comparison.renumbered, "renumbered"),
    ]
    lines.extend([f"- {len(units)} {what}" for units, what in summary] + [""])

    if comparison.added:
        lines.extend(["## Added", ""])
        for unit in comparison.added:
            assert unit.new is not None
            lines.extend(_unit_heading(unit, "", new.style))
            lines.extend(
                [line(text(f"New in {_where(new, unit.new)}.")), block_attributes(None, "rk-meta"), ""]
            )
            lines.extend(_full_text(unit.new, "ins"))
    if comparison.deleted:
        lines.extend(["## Deleted", ""])
        for unit in comparison.deleted:
            assert unit.old is not None
            lines.extend(_unit_heading(unit, f"of version {old.name}", new.style))
            lines.extend(_full_text(unit.old, "del"))
    if comparison.moved:
        lines.extend(["## Moved", ""])
        for unit in comparison.moved:
            assert unit.old is not None and unit.new is not None
            lines.extend(_unit_heading(unit, "", new.style))
            sentence = (
                f"Was {_noun(unit, new.style).lower()} {unit.old.number} in {_where(old, unit.old)}; "
                f"now {_noun(unit, new.style).lower()} {unit.new.number} in {_where(new, unit.new)}."
            )
            lines.extend([line(text(sentence)), block_attributes(None, "rk-meta"), ""])
    if comparison.changed:
        lines.extend(["## Reworded", ""])
        for unit in comparison.changed:
            lines.extend(_unit_heading(unit, "", new.style))
            for change in unit.lines:
                if change.status == "same":
                    continue
                shown = change.new or change.old
                assert shown is not None
                label = f"{span('rk-label', text(shown.label))} " if shown.label else ""
                classes = ("rk-subitem", f"rk-depth-{max(1, shown.depth)}") if shown.kind == "item" else ()
                lines.append(line(label + ops_markdown(change.ops)))
                if classes:
                    lines.append(block_attributes(None, *classes))
                lines.append("")
    lines.extend(["## Numbers in both versions", ""])
    for row in comparison.number_map():
        before = row.old_number or "\u2014"
        after = row.new_number or "\u2014"
        if row.old_number == row.new_number:
            continue
        if row.old_number is None:
            sentence = f"{row.id}: new, number {after}"
        elif row.new_number is None:
            sentence = f"{row.id}: number {before}, deleted"
        else:
            sentence = f"{row.id}: {before} \u2192 {after}"
        lines.append(f"- {text(sentence)}")
    unchanged = sum(1 for row in comparison.number_map() if row.old_number == row.new_number)
    lines.extend(["", line(text(f"The other {unchanged} kept their numbers.")), ""])
    return "\n".join(lines).rstrip() + "\n"
