"""The session page: the blocks of the view in large type, the errors of a broken save above them, and a
small script that follows the server's updates and patches the blocks in place.

Everything is inline and nothing comes from elsewhere, so the page works offline; the script runs under
a Content-Security-Policy that allows only itself (by nonce) and connections back to this server, so
even a draft text that escaped escaping could not run. Texts reach the DOM as escaped HTML made by the
server (session_view.py) or through `textContent`. The live session (reportkit.session.live) keeps
the `State` this renders; the server sends what `render_page` and `update_message` make.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field

from reportkit.writers.site.session_view import SessionView


@dataclass(frozen=True, slots=True)
class Problem:
    """An error of a broken save, as the page shows it."""

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str


@dataclass
class State:
    revision: int = 0
    view: SessionView | None = None  # the last good view; None until the drafts were valid once
    problems: tuple[Problem, ...] = ()
    edited: tuple[str, ...] = field(default_factory=tuple)  # block ids changed by the latest save


STYLE = """
:root { --un-blue: #009edb; --ink: #111; --ins: #0a6ea8; --del: #b3261e; --move: #2e7d32; }
body { margin: 0; font: 28px/1.45 "Times New Roman", "Liberation Serif", Tinos, serif; color: var(--ink); }
header { position: sticky; top: 0; z-index: 2; display: flex; gap: 1em; align-items: baseline;
  padding: .3em 1em; background: #0a6ea8; color: #fff; border-bottom: 4px solid var(--un-blue);
  font: 600 18px/1.4 Arial, "Liberation Sans", sans-serif; }
header .rk-title { flex: 1; }
header select { font: inherit; font-weight: 400; }
main { max-width: 46em; margin: 0 auto; padding: 1em 1.5em 40vh; }
#rk-problems { border: 3px solid var(--del); background: #fdecea; padding: .4em .8em; margin: 0 0 1em;
  font: 20px/1.4 Arial, "Liberation Sans", sans-serif; }
#rk-problems[hidden] { display: none; }
#rk-problems code { font-weight: 700; }
.rk-compared { font-size: .6em; color: #555; margin: 0 0 1em; }
h2, h3, h4 { margin: 1.2em 0 .4em; line-height: 1.25; }
.rk-unit { position: relative; padding-left: 2.2em; margin: .6em 0; }
.rk-unit > span.rk-number { position: absolute; left: 0; }
.rk-unit > h3.rk-number { margin: .8em 0 .2em -2.2em; font-size: 1em; }
.rk-unit p { margin: .2em 0; text-align: justify; }
.rk-item { padding-left: 1.6em; text-indent: -1.6em; }
.rk-item .rk-label { display: inline-block; width: 1.6em; text-indent: 0; }
.rk-depth-2 { margin-left: 1.6em; } .rk-depth-3 { margin-left: 3.2em; } .rk-depth-4 { margin-left: 4.8em; }
.rk-note { font-size: .7em; }
ins { color: var(--ins); text-decoration: underline; }
del { color: var(--del); text-decoration: line-through; }
ins.rk-move { color: var(--move); text-decoration: underline double; }
.rk-moved-from del { color: var(--move); text-decoration: line-through double; }
.rk-move-note { font: 18px Arial, "Liberation Sans", sans-serif; color: var(--move); }
.rk-changed, .rk-added, .rk-deleted, .rk-moved-to, .rk-moved-from { border-left: 4px solid #999; }
.rk-unit.rk-changed, .rk-unit.rk-added, .rk-unit.rk-deleted, .rk-unit.rk-moved-to, .rk-unit.rk-moved-from {
  margin-left: -4px; }
.rk-just-edited { background: #fff6cc; transition: background 2s; }
"""

# Follows /session/events; patches the blocks it is sent (keeping each element, so nothing flickers and a
# projected page does not jump), orders them, drops those gone, shows or clears the errors, and brings
# the first edited block into view. EventSource reconnects by itself when the server restarts.
SCRIPT = """
(() => {
  const report = document.getElementById("rk-report");
  const problems = document.getElementById("rk-problems");
  const chooser = document.getElementById("rk-chapter");
  const only = document.getElementById("rk-only");
  let revision = Number(document.body.dataset.revision);

  function showChapter(id) {
    only.textContent = id ? `#rk-report > :not([data-chapter="${CSS.escape(id)}"]) { display: none; }` : "";
    const url = new URL(location.href);
    if (id) url.searchParams.set("chapter", id); else url.searchParams.delete("chapter");
    history.replaceState(null, "", url);
  }
  chooser.addEventListener("change", () => showChapter(chooser.value));

  function showProblems(list) {
    problems.replaceChildren();
    problems.hidden = list.length === 0;
    if (!list.length) return;
    const lead = document.createElement("p");
    lead.textContent = "The last save has errors; the last good text is shown below.";
    problems.append(lead);
    for (const p of list) {
      const line = document.createElement("p");
      const where = document.createElement("code");
      where.textContent = `${p.file}:${p.line}:${p.column}`;
      line.append(where, ` error[${p.code}]: ${p.message}`);
      if (p.hint) line.append(document.createElement("br"), `hint: ${p.hint}`);
      problems.append(line);
    }
  }

  function setChapters(chapters) {
    const chosen = chooser.value;
    const options = [["", "Whole report"], ...chapters].map(([id, label]) => {
      const option = document.createElement("option");
      option.value = id; option.textContent = label; option.selected = id === chosen;
      return option;
    });
    chooser.replaceChildren(...options);
  }

  function patch(message) {
    const fresh = new Map();
    for (const [id, markup] of Object.entries(message.blocks)) {
      const template = document.createElement("template");
      template.innerHTML = markup;
      const made = template.content.firstElementChild;
      const old = document.getElementById(id);
      if (old && old.tagName === made.tagName) {
        old.className = made.className;
        old.dataset.chapter = made.dataset.chapter;
        old.innerHTML = made.innerHTML;
      } else if (old) {
        old.replaceWith(made);
      } else {
        fresh.set(id, made);
      }
    }
    let cursor = report.firstElementChild;
    for (const id of message.order) {
      const element = fresh.get(id) || document.getElementById(id);
      if (!element) continue;
      if (element === cursor) { cursor = cursor.nextElementSibling; continue; }
      report.insertBefore(element, cursor);
    }
    const wanted = new Set(message.order);
    for (const child of [...report.children]) if (!wanted.has(child.id)) child.remove();
  }

  function bringIntoView(edited) {
    for (const id of edited) {
      const element = document.getElementById(id);
      if (!element || element.offsetParent === null) continue;
      for (const old of report.querySelectorAll(".rk-just-edited")) old.classList.remove("rk-just-edited");
      element.classList.add("rk-just-edited");
      element.scrollIntoView({ block: "center" });
      return;
    }
  }

  const events = new EventSource(`events?since=${revision}`);
  events.addEventListener("open", () => { document.body.dataset.live = "yes"; });
  events.addEventListener("error", () => { delete document.body.dataset.live; });
  events.addEventListener("update", (event) => {
    const message = JSON.parse(event.data);
    if (message.revision <= revision) return;
    revision = message.revision;
    document.body.dataset.revision = String(revision);
    showProblems(message.problems);
    if (message.order) {
      document.getElementById("rk-compared").textContent = message.compared;
      setChapters(message.chapters);
      patch(message);
      bringIntoView(message.edited);
    }
  });
})();
"""


def compared_note(compared_with: str) -> str:
    if compared_with:
        return f"Changes since {compared_with} are marked."
    return "No version has been circulated: nothing is marked."


def problems_json(problems: tuple[Problem, ...]) -> list[dict[str, object]]:
    return [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "code": p.code,
            "message": p.message,
            "hint": p.hint,
        }
        for p in problems
    ]


def _problems_html(problems: tuple[Problem, ...]) -> str:
    if not problems:
        return '<div id="rk-problems" role="alert" hidden></div>'
    lines = ["<p>The last save has errors; the last good text is shown below.</p>"]
    for p in problems:
        hint = f"<br>hint: {html.escape(p.hint)}" if p.hint else ""
        lines.append(
            f"<p><code>{html.escape(f'{p.file}:{p.line}:{p.column}')}</code> "
            f"error[{html.escape(p.code)}]: {html.escape(p.message)}{hint}</p>"
        )
    return f'<div id="rk-problems" role="alert">{"".join(lines)}</div>'


def render_page(state: State, chapter: str, nonce: str) -> str:
    """The whole page as the server has it now; `chapter` is the chapter id chosen, or ""."""
    view = state.view
    title = view.title if view else "Session view"
    chapters = view.chapters if view else ()
    known = {chapter_id for chapter_id, _ in chapters}
    chosen = chapter if chapter in known else ""
    options = ['<option value="">Whole report</option>'] + [
        f'<option value="{html.escape(chapter_id)}"{" selected" if chapter_id == chosen else ""}>'
        f"{html.escape(label)}</option>"
        for chapter_id, label in chapters
    ]
    only = f'#rk-report > :not([data-chapter="{chosen}"]) {{ display: none; }}' if chosen else ""
    blocks = "".join(view.blocks[block_id].html for block_id in view.order) if view else ""
    compared = html.escape(compared_note(view.compared_with if view else ""))
    return (
        "<!doctype html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} — session</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<style>{STYLE}</style><style id="rk-only">{only}</style></head>'
        f'<body data-revision="{state.revision}">'
        f'<header><span class="rk-title">{html.escape(title)}</span>'
        f'<label>Show <select id="rk-chapter">{"".join(options)}</select></label></header>'
        f"<main>{_problems_html(state.problems)}"
        f'<p id="rk-compared" class="rk-compared">{compared}</p>'
        f'<div id="rk-report">{blocks}</div></main>'
        f'<script nonce="{nonce}">{SCRIPT}</script></body></html>\n'
    )


def update_message(state: State, sent: dict[str, str]) -> str:
    """One update for a browser that has the blocks in `sent` (id → markup): the blocks that differ, the
    whole order, the errors. `sent` is brought up to date."""
    view = state.view
    message: dict[str, object] = {"revision": state.revision, "problems": problems_json(state.problems)}
    if view is not None:
        changed = {
            block_id: block.html
            for block_id, block in view.blocks.items()
            if sent.get(block_id) != block.html
        }
        sent.clear()
        sent.update((block_id, block.html) for block_id, block in view.blocks.items())
        message.update(
            order=list(view.order),
            blocks=changed,
            chapters=[list(entry) for entry in view.chapters],
            edited=list(state.edited),
            compared=compared_note(view.compared_with),  # a version circulated during the session
        )
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))
