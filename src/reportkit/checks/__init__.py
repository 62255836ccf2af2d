"""Checks that run on a numbered, resolved report; each returns values the CLI renders."""
