"""Names as the lists write them: alias kinds, scripts, and whitespace.

The alias kinds of the registry (Alias.Kind) are: strong (a.k.a., n.k.a.), weak (OFAC category
"weak", UN quality "Low"), former (f.k.a.) and translation (a name in its original script).
Non-Latin names are kept as written; only their search key is transliterated (registry.normalize).
"""

import unicodedata

# a.k.a. / f.k.a. / n.k.a. as OFAC and the UN write them (lower-cased, dots and spaces kept).
ALIAS_TYPES: dict[str, str] = {
    "a.k.a.": "strong",
    "aka": "strong",
    "n.k.a.": "strong",  # "now known as": the current name, as strong as an a.k.a.
    "nka": "strong",
    "f.k.a.": "former",
    "fka": "former",
}

# Unicode block prefixes -> the script names the OFAC enhanced XML uses.
_SCRIPT_PREFIXES = {
    "ARABIC": "Arabic",
    "CYRILLIC": "Cyrillic",
    "CJK": "Chinese",
    "HANGUL": "Korean",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HEBREW": "Hebrew",
    "GREEK": "Greek",
    "DEVANAGARI": "Devanagari",
    "THAI": "Thai",
    "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian",
    "ETHIOPIC": "Ethiopic",
    "BENGALI": "Bengali",
    "TAMIL": "Tamil",
    "SYRIAC": "Syriac",
}


def clean_name(text: str | None) -> str:
    """Collapse whitespace (pretty-printed XML wraps long names); every character is kept."""
    return " ".join((text or "").split())


def alias_kind(alias_type: str, *, weak: bool = False) -> str:
    """Registry alias kind for a list's alias type ("a.k.a.", "F.K.A.", ...)."""
    if weak:
        return "weak"
    return ALIAS_TYPES.get((alias_type or "").strip().lower(), "strong")


def detect_script(text: str) -> str:
    """ "Latin", or the first non-Latin script found in `text` (e.g. "Arabic")."""
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        for prefix, script in _SCRIPT_PREFIXES.items():
            if name.startswith(prefix):
                return script
    return "Latin"
