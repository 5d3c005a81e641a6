"""Bulk outputs: formula-safe, streaming CSV for the API and the dump."""
