"""Authoring pages (being built)."""
from flask import Blueprint

bp = Blueprint("authoring_transfer", __name__)
