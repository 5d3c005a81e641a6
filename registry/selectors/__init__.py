"""Reads: what the admin, the API, the exports and screening ask of the registry.

search: which organizations a text finds, best match first.
"""
