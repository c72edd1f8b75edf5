"""Certificates: issued once on course completion, a PDF, public verification."""
