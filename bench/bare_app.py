"""The baseline of the lesson-page benchmark: Flask + Jinja + gunicorn, nothing else.

One route (any path) renders one Jinja template whose output has the same bytes as
a real lesson page of kmi_learn. No database, no session, no login, no CSRF, no
security headers: what is left is the cost of the framework, the template engine
and the server for a page of that size.

The page is given by the environment: ``BENCH_PAGE`` is the path of a file holding
the HTML bytes of a real lesson-page response (``lesson_page.py`` writes it).
The template is made from it at start-up: the page is cut into its lines, which
the template prints one by one in a loop (each line an already-safe ``Markup``,
as ``version.html|safe`` is in the real template), inside a small layout with a
few blocks, so that Jinja does per-line work and the output is byte-identical.

    BENCH_PAGE=/tmp/page.html gunicorn -w 2 -b 127.0.0.1:8001 bare_app:app
"""
from __future__ import annotations

import os

from flask import Flask, render_template
from jinja2 import DictLoader
from markupsafe import Markup

LAYOUT = """{% block head %}{% endblock %}{% block content %}{% endblock %}"""

PAGE = """{% extends "layout.html" %}
{%- block head %}{% for line in head %}{{ line }}{% endfor %}{% endblock %}
{%- block content %}{% for line in body %}{{ line }}{% endfor %}{% endblock %}"""


def load_page(path: str) -> tuple[list[Markup], list[Markup], int]:
    """The page's lines split in two parts (before and after ``<main``), and its size."""
    with open(path, "rb") as handle:
        data = handle.read()
    lines = [Markup(line) for line in data.decode("utf-8").splitlines(keepends=True)]
    cut = next((i for i, line in enumerate(lines) if "<main" in line), len(lines) // 2)
    return lines[:cut], lines[cut:], len(data)


def create_app(page_path: str | None = None) -> Flask:
    app = Flask(__name__)
    app.jinja_loader = DictLoader({"layout.html": LAYOUT, "page.html": PAGE})
    head, body, size = load_page(page_path or os.environ["BENCH_PAGE"])
    app.config["BENCH_PAGE_SIZE"] = size

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def page(path: str):
        return render_template("page.html", head=head, body=body)

    return app


app = create_app() if os.environ.get("BENCH_PAGE") else None


if __name__ == "__main__":  # a quick check: python bare_app.py PAGE
    import sys

    check = create_app(sys.argv[1])
    response = check.test_client().get("/any/path")
    print(response.status_code, len(response.data), "bytes; page", check.config["BENCH_PAGE_SIZE"])
