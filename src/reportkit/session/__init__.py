"""The session view: the report as projected in the room, served by `reportkit serve` at /session/.

`view.py` turns the drafts and the last circulated version into HTML blocks (pure), `live.py` keeps them
up to date on every save, `page.py` is the page and its small script, `server.py` the HTTP routes in
front of mkdocs' live-reload server.
"""
