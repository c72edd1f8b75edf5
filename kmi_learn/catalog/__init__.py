"""The course catalogue: the course tree loaded from files, rendered, synced, stored."""
