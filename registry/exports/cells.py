"""The one rule for CSV cells that a spreadsheet would run as a formula (OWASP CSV injection).

A cell starting with = + - @ tab or carriage return gets a leading apostrophe, and so does a cell
that already starts with an apostrophe, so the rule can be undone exactly: `restore_cell`
reverses `safe_cell`, and a name that starts with "=" survives a dump and restore unchanged.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS) or text.startswith(ESCAPE):
        return ESCAPE + text
    return text


def restore_cell(text: str) -> str:
    return text[1:] if text.startswith(ESCAPE) else text
