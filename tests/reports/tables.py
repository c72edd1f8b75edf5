"""Reading the report tables back: from the HTML page, the CSV and the XLSX export.

Each gives a list of rows of comparable values: text as text, numbers as numbers
(the "%" dropped), timestamps as ISO 8601 strings in UTC, empty as None.
"""
from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from html.parser import HTMLParser

from openpyxl import load_workbook


class _Table(HTMLParser):
    """The body rows of ``<table class="{name}">``: per cell, its texts by role."""

    def __init__(self, name: str):
        super().__init__()
        self.name, self.depth, self.rows = name, 0, []
        self.in_body = False
        self.cell = None
        self.roles: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "table" and self.name in classes:
            self.depth = 1
            return
        if not self.depth:
            return
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.rows.append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = {"text": "", "classes": classes}
            self.rows[-1].append(self.cell)
        elif self.cell is not None:
            role = next((c for c in classes if c in ("status", "score", "c-email", "v", "max")),
                        "link" if tag == "a" else None)
            if tag == "time":
                self.cell["time"] = attrs["datetime"]
            self.roles.append(role)

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth = 0
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th"):
            self.cell = None
        elif self.cell is not None and self.roles:
            self.roles.pop()

    def handle_data(self, data):
        if self.cell is None:
            return
        self.cell["text"] += data
        for role in self.roles:
            if role:
                self.cell[role] = self.cell.get(role, "") + data


def _number(text: str | None):
    if text is None:
        return None
    text = text.strip().rstrip("%").strip()
    if text in ("", "—"):
        return None
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def _text(cell) -> str:
    return " ".join(cell["text"].split())


def html_matrix(page: str) -> list[list]:
    parser = _Table("matrix")
    parser.feed(page)
    rows = []
    for cells in parser.rows:
        name, status, progress, activity, org, country, *modules = cells
        row = [name["link"].strip(), name["c-email"].strip(), _text(status),
               _number(_text(progress)), activity.get("time"), _text(org) or None,
               _text(country) or None]
        for cell in modules:
            row += [cell["status"].strip(), _number(cell.get("score"))]
        rows.append(row)
    return rows


def html_attempts(page: str) -> list[list]:
    parser = _Table("attempts")
    parser.feed(page)
    rows = []
    for cells in parser.rows:
        name, org, country, module, number, state, started, finished, score, percent, result = \
            cells
        rows.append([name["link"].strip(), name["c-email"].strip(), _text(org) or None,
                     _text(country) or None, _text(module), _number(_text(number)),
                     _text(state), started.get("time"), finished.get("time"),
                     _number(score.get("v")), _number(score.get("max")),
                     _number(_text(percent)), _text(result) or None])
    return rows


def _csv_value(text: str):
    if text == "":
        return None
    try:
        return _number(text)
    except ValueError:
        return text


def csv_rows(body: bytes) -> tuple[list[str], list[list]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    return header, [[_csv_value(v) for v in row] for row in rows]


def xlsx_rows(body: bytes) -> tuple[list[str], list[list]]:
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]

    def plain(value):
        if isinstance(value, datetime):
            return value.replace(tzinfo=UTC).isoformat()
        return None if value == "" else value

    width = len(header)  # trailing empty cells are not stored
    return header, [[plain(v) for v in row] + [None] * (width - len(row)) for row in rows]


def xlsx_cells(body: bytes):
    """The raw cells, to check their types."""
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    return list(sheet.iter_rows())
