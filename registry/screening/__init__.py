"""Name screening: typed names against the designated organizations, scored and explained
(scoring.py), over the registry's one name search (matcher.py), with receipts that replay an
answer (receipts.py). docs/screening.md says how and how well."""
