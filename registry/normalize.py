"""The one normalization of names used for search and matching.

Users type without accents, case or punctuation: "cartel de jalisco", "CÁRTEL DE JALISCO" and "cjng"
must all find the same organization. Every name is stored beside its search key, made here and
nowhere else; the API, the admin and the importers all call `search_key`.
"""

import re
import unicodedata

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def search_key(text: str) -> str:
    """Return the name as lowercase ASCII letters and digits only.

    Non-Latin scripts are transliterated (anyascii), so an Arabic or Cyrillic name gets a usable
    key too. Spaces are dropped as well as punctuation, so "MS-13", "ms 13" and "ms13" meet.
    """
    folded = anyascii(unicodedata.normalize("NFKC", text or "")).lower()
    return _NOT_ALNUM.sub("", folded)
