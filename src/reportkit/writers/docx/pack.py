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
into sentences (`reportkit.redline.flags`); they are recorded with the version, so either copy can be
printed again from the version file alone. A version recorded without a check says so in its internal
copy.

Pure: a snapshot in, bytes out; the same as a site page is writers/site/pack.py.
"""

from __future__ import annotations

from reportkit.comparison.compare import compare
from reportkit.versions import Snapshot
from reportkit.writers.docx.ooxml import Revisions
from reportkit.writers.docx.pack_marks import MEETING_PROPERTY, VERSION_PROPERTY, set_custom_properties
from reportkit.writers.docx.redline import UnitRenderer
from reportkit.writers.docx.working_document import WorkingDocument, snapshot_masthead
from reportkit.writers.pack_text import pack_introduction, pack_title


def write_pack_docx(snapshot: Snapshot, internal: bool = False) -> bytes:
    """The pack's Word document: masthead, introduction, then the recommendations by section. The
    internal copy adds ids, themes, status and the duplication flags recorded with the version."""
    what = ("Draft for consultation", "Internal copy") if internal else ("Draft for consultation",)
    kind = "internal copy" if internal else "draft for consultation"
    target = WorkingDocument(
        snapshot.style,
        snapshot_masthead(snapshot.meeting, (*what, f"Version {snapshot.name}"), snapshot.moment.date()),
        pack_title(snapshot),
        (f"{snapshot.meeting.symbol} \u2014 {kind}, version {snapshot.name}", snapshot.name),
        paper=snapshot.meeting.paper,
    )
    for paragraph_text in pack_introduction(snapshot, internal):
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
    if not internal:
        # What a delegation changes is then tracked, and `amendments collect` can attribute it.
        target.track_revisions()
    set_custom_properties(
        target.document, {VERSION_PROPERTY: snapshot.name, MEETING_PROPERTY: snapshot.meeting.symbol}
    )
    return target.save(
        pack_title(snapshot), f"Draft for consultation, version {snapshot.name}", snapshot.moment
    )
