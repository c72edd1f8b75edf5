"""Authoring: the facilitator's question bank, versions, imports, statistics."""
