"""Counting the SQL statements a request runs."""
from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from kmi_learn.extensions import db


@contextmanager
def count_queries():
    """Yields a list that receives every statement executed meanwhile."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)
