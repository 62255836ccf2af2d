"""Versions compared by stable id, and delegations' proposals matched with the circulated text: the data
the redline, the changes page and the compilation are written from (`reportkit.writers`), and that the
commands in `reportkit.redline` read. Pure: snapshots (see `reportkit.versions`) in, data out."""
