"""The read-only REST API under /api/v1/: viewsets, serializers, pagination, CSV and errors.

views.py declares one ReadOnlyModelViewSet per resource; the filters live in
registry/filtersets.py (shared with the CSV output); pointintime.py builds the query plan for the
reference day (today, or `as_of`).
"""
