"""The session view: the report as projected in the room, served by `reportkit serve` at /session/.

`live.py` keeps the view up to date on every save and `server.py` serves it, in front of mkdocs'
live-reload server. What they show is rendered by writers: `writers/site/session_view.py` turns the
drafts and the last circulated version into HTML blocks, `writers/site/session_page.py` makes the page,
its small script and the updates sent to browsers (pure, both).
"""
