"""Edit a circulated pack in LibreOffice as a delegation would, through UNO, and save it as DOCX.

Run with the system Python that has Debian's python3-uno (not the project's virtual environment):

    /usr/bin/python3 tests/uno_edit_pack.py PACK.docx RETURNED.docx PROFILE_DIR AUTHOR EDITS.json

EDITS.json is a list of edits, applied in order with Track Changes recording:
    {"replace": "should note the", "by": "should recognize the"}   reword (first occurrence)
    {"delete_from": "Recommendation 5", "to_end_of": "Sustainable Development Goals."}
                                                      delete from one text to the end of another
    {"comment": "the complementarity", "text": "Too vague."}      a comment anchored on that text
    {"untracked": true}                                 stop recording (the edits after it are not tracked)

The change author is LibreOffice's user name, which lives in the profile's configuration
(org.openoffice.UserProfile/Data: givenname and sn); a fresh profile is set to AUTHOR before the
document is loaded. Prints nothing on success; exits 1 with a message otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def _property(name: str, value: Any) -> Any:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _set_user_name(context: Any, author: str) -> None:
    """Tracked changes and comments are signed with the user's given name and surname."""
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context
    )
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (_property("nodepath", "/org.openoffice.UserProfile/Data"),),
    )
    access.setPropertyValue("givenname", author)
    access.setPropertyValue("sn", "")
    access.commitChanges()


def _find(document: Any, text: str) -> Any:
    """The first occurrence of `text` within one body paragraph, as a text cursor selecting it. (The
    search API needs a laid-out view, which this script does without: see `main`.)"""
    body = document.getText()
    paragraphs = body.createEnumeration()
    while paragraphs.hasMoreElements():
        paragraph = paragraphs.nextElement()
        if not paragraph.supportsService("com.sun.star.text.Paragraph"):
            continue  # the masthead's table
        offset = paragraph.getString().find(text)
        if offset < 0:
            continue
        cursor = body.createTextCursorByRange(paragraph.getStart())
        cursor.goRight(offset, False)
        cursor.goRight(len(text), True)
        return cursor
    raise SystemExit(f"text not found in the pack: {text!r}")


def _apply(document: Any, edit: dict[str, Any], author: str) -> None:
    if "untracked" in edit:
        document.setPropertyValue("RecordChanges", False)
    elif "replace" in edit:
        _find(document, edit["replace"]).setString(edit["by"])
    elif "delete_from" in edit:
        start, end = _find(document, edit["delete_from"]), _find(document, edit["to_end_of"])
        cursor = document.getText().createTextCursorByRange(start.getStart())
        cursor.gotoRange(end.getEnd(), True)
        cursor.setString("")
    elif "comment" in edit:
        anchor = _find(document, edit["comment"])
        note = document.createInstance("com.sun.star.text.textfield.Annotation")
        note.setPropertyValue("Author", author)
        note.setPropertyValue("Content", edit["text"])
        anchor.getText().insertTextContent(anchor, note, True)  # True: the comment covers the range


def main(pack: Path, returned: Path, profile: Path, author: str, edits: list[dict[str, Any]]) -> None:
    pipe = f"reportkit_uno_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation={profile.resolve().as_uri()}", f"--accept=pipe,name={pipe};urp;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        context = _connect(pipe)
        _set_user_name(context, author)
        # A document model without a view: LibreOffice 7.4 headless crashes saving a document with a
        # comment when a view exists (it builds the comment's sidebar window from UI files the no-GUI
        # package lacks), so the pack is loaded straight into a model and stored from there.
        document = context.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", context)
        document.load(
            (_property("URL", pack.resolve().as_uri()), _property("FilterName", "MS Word 2007 XML"))
        )
        document.setPropertyValue("RecordChanges", True)
        for edit in edits:
            _apply(document, edit, author)
        document.storeToURL(returned.resolve().as_uri(), (_property("FilterName", "MS Word 2007 XML"),))
        document.close(True)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        with contextlib.suppress(Exception):  # the bridge drops as the office quits, which is the point
            desktop.terminate()
        office.wait(timeout=60)
    finally:
        # `soffice` is a script that starts soffice.bin: end the whole group this script started.
        if office.poll() is None:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait()


if __name__ == "__main__":
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    main(
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        Path(sys.argv[3]),
        sys.argv[4],
        json.loads(Path(sys.argv[5]).read_text()),
    )
