"""CSV and XLSX exports: the same rows as the pages, typed, streamed.

A table is a header and an iterator of rows of plain values (str, int, float,
datetime, None). CSV streams as it is read (the rows come from a server-side
cursor in batches); XLSX is written row by row by openpyxl's write-only mode into a
spooled temporary file (memory up to a limit, then disk), then streamed out.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from flask import Response, stream_with_context
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from kmi_learn.reports.labels import attempt_state_label, iso, result_label, status_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: a cell beginning with one of these would run as a formula in a spreadsheet
FORMULA = ("=", "+", "-", "@", "\t", "\r")
SPOOL = 8 * 1024 * 1024
CHUNK = 64 * 1024


def matrix_table(modules, rows) -> tuple[list[str], Iterator[list]]:
    from flask_babel import gettext as _

    header = [_("Name"), _("Email"), _("Status"), _("Progress (%)"), _("Last activity (UTC)"),
              _("Organisation or mission"), _("Country")]
    for m in modules:
        header += [_("M%(n)d %(title)s: status", n=m.number, title=m.title),
                   _("M%(n)d %(title)s: best score (%%)", n=m.number, title=m.title)]

    def body():
        for row in rows:
            values = [row.name, row.email, status_label(row.status), row.progress,
                      row.last_activity, row.organisation, row.country]
            for cell in row.cells:
                values += [status_label(cell.status), cell.best_percent]
            yield values

    return header, body()


def attempts_table(rows) -> tuple[list[str], Iterator[list]]:
    from flask_babel import gettext as _

    header = [_("Name"), _("Email"), _("Organisation or mission"), _("Country"), _("Module"),
              _("Attempt"), _("State"), _("Started (UTC)"), _("Finished (UTC)"), _("Score"),
              _("Out of"), _("Percent"), _("Result")]

    def body():
        for a in rows:
            yield [a.name, a.email, a.organisation, a.country,
                   f"M{a.module.number} {a.module.title}", a.number,
                   attempt_state_label(a.state), a.started_at, a.finished_at, a.score,
                   # as on the page: no "out of" until there is a score
                   a.max_score if a.score is not None else None, a.percent,
                   result_label(a.passed)]

    return header, body()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def _disposition(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store"}


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> Response:
    """A streamed CSV (UTF-8 with a BOM, for spreadsheets; ISO dates; CRLF lines)."""

    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write("\ufeff")
        writer.writerow(header)
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
            if buffer.tell() > CHUNK:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers=_disposition(filename))


def _xlsx_cell(sheet, value):
    if isinstance(value, datetime):
        # Excel has no time zones: UTC, said so in the header.
        # To the second, as on the page and in the CSV.
        naive = value.astimezone(UTC).replace(tzinfo=None, microsecond=0)
        cell = WriteOnlyCell(sheet, value=naive)
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    return cell


def xlsx_response(filename: str, title: str, header: list[str], rows: Iterable[list]) -> Response:
    """An XLSX workbook: numbers as numbers, timestamps as dates, one sheet."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31] or "Sheet")
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    head = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cell.data_type = "s"
        head.append(cell)
    sheet.append(head)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL)
    book.save(spool)
    size = spool.tell()
    spool.seek(0)

    def stream():
        try:
            while chunk := spool.read(CHUNK):
                yield chunk
        finally:
            spool.close()

    headers = _disposition(filename) | {"Content-Length": str(size)}
    return Response(stream(), mimetype=XLSX, headers=headers, direct_passthrough=True)
