"""Authoring pages (being built)."""
from flask import Blueprint

bp = Blueprint("authoring_stats", __name__)
