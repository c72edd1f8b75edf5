"""The cohorts pages (being built)."""
from flask import Blueprint

bp = Blueprint("cohorts", __name__)
