"""Advance circulation, as commands: circulating a version, comparing versions, and delegations' answers.

- `actions`: the command functions (`circulate`, `diff`, `amendments collect` and `compile`), which
  gather their inputs and hand them to the writers in `reportkit.writers` (pack, redline, compilation,
  changes page) — nothing here renders;
- `returned`, `pack_marks`: reading a returned pack (its tracked changes, comments and hidden marks);
- `amendments`: those changes as proposals, recommendation by recommendation, and their record;
- `apply`, `yaml_edit`: a chosen proposal put into the YAML drafts;
- `flags`: the duplication check's findings as the sentences a version records.

The comparison itself, which the writers read too, is `reportkit.comparison`.
"""
