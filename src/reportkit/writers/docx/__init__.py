"""The UN-format Word document: `write_docx(report) -> bytes`."""

from reportkit.writers.docx.writer import write_docx

__all__ = ["write_docx"]
