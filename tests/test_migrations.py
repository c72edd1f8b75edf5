"""The schema only changes through Alembic revisions: one head, and ``upgrade`` on an
empty database leaves no difference from the models, on SQLite and PostgreSQL."""
from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from kmi_learn.extensions import db
from tests.conftest import PG_URL, make_app

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")


def test_there_is_exactly_one_head():
    from alembic.config import Config

    config = Config(os.path.join(MIGRATIONS, "alembic.ini"))
    config.set_main_option("script_location", MIGRATIONS)
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, heads


@pytest.fixture
def empty_database(tmp_path):
    """A database with nothing in it: a SQLite file, or a fresh PostgreSQL schema."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    schema = "kmi_migration_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def test_upgrade_on_an_empty_database_matches_the_models(empty_database):
    app = make_app(empty_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
        assert diff == [], f"the models differ from the migrated schema: {diff}"
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set(), f"downgrade left tables: {tables}"
        db.engine.dispose()
