"""The audit log: who did what, when, with the state before and after."""
