"""The read-only REST API under /api/v1/: thin viewsets over the resources (registry/resources/:
field specs, filters and selectors), pagination, CSV and JSON renderers, errors, caching, the change
feed and the OpenAPI schema."""
