"""Cohorts: groups of delegates followed by a trainer, join codes, rosters."""
