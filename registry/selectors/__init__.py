"""Reads: what the admin, the API, the exports and screening ask of the registry.

designations, organizations, reference: each resource's values on a reference day, computed by
the database (rows.py: the one way they are read); search: which organizations a text finds, best
match first; changes: the change feed; history: an organization's audit trail.
"""
