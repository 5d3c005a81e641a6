"""The one rule for CSV cells that a spreadsheet would run as a formula (OWASP CSV injection).

A cell starting with = + - @ tab or carriage return gets a leading apostrophe, and so does a cell
that already starts with an apostrophe, so the rule can be undone exactly: `restore_cell`
reverses `safe_cell`, and a name that starts with "=" survives a dump and restore unchanged.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
ESCAPED = frozenset((*FORMULA_TRIGGERS, ESCAPE))  # first characters that get the apostrophe


def safe_cell(value: object) -> str:
    text = value if type(value) is str else "" if value is None else str(value)
    return ESCAPE + text if text[:1] in ESCAPED else text


def restore_cell(text: str) -> str:
    return text[1:] if text.startswith(ESCAPE) else text
