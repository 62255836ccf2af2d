"""Advance circulation: the recommendations pack sent to delegations, and what changed between versions.

- `compare.compare(old, new, scope)`: the comparison of two snapshots by stable id;
- `circulation`: the pack (recommendations-only DOCX in UN layout, and the same as a site page);
- `docx.write_redline_docx`: the comparison as Word tracked changes;
- `pages`: the comparison as JSON and as the "Changes since version X" site page.

Everything here is pure: snapshots (see `reportkit.versions`) in, bytes or text out.
"""
