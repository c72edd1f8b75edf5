"""Accounts: users, roles, sign-in and sign-out, server-side sessions."""
