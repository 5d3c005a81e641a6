"""The API's resources, one module each: the ordered field spec that JSON, brief JSON, CSV and
the OpenAPI schema are made from (spec.py), the filters, and the selector that reads the rows.

organizations, designations, programs, authorities, countries, legal_consequences.
"""
