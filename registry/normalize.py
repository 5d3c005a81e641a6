"""The one normalization of names used for search and matching.

Users type without accents, case or punctuation: "cartel de jalisco", "CÁRTEL DE JALISCO" and "cjng"
must all find the same organization. Every name is stored beside its search key, made here and
nowhere else; the API, the admin and the importers all call `search_key`.
"""

import re
import unicodedata

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def folded_words(text: str) -> str:
    """The name as lower-case ASCII words (letters and digits) separated by single spaces.

    Non-Latin scripts are transliterated (anyascii), so an Arabic or Cyrillic name gets usable
    words too: "Cártel de Jalisco" -> "cartel de jalisco".
    """
    folded = anyascii(unicodedata.normalize("NFKC", text or "")).lower()
    return _NOT_ALNUM.sub(" ", folded).strip()


def search_key(text: str) -> str:
    """The name's words joined without spaces: lower-case ASCII letters and digits only.

    Spaces are dropped as well as punctuation, so "MS-13", "ms 13" and "ms13" meet.
    """
    return folded_words(text).replace(" ", "")
