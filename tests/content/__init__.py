"""Content floors of the courses/ tree (no database)."""
