"""The one normalization of names used for search and matching.

Users type without accents, case or punctuation: "cartel de jalisco", "CÁRTEL DE JALISCO" and "cjng"
must all find the same organization. Every name is stored beside its search key, made here and
nowhere else; the API, the admin and the importers all call `search_key`.
"""

import re
import string
import unicodedata

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_BRACKETED = re.compile(r"[(\[]([^()\[\]]*)[)\]]")


def word_list(text: str) -> list[str]:
    """The words of a list written as text, in order."""
    return text.split()


# Small words: articles, prepositions and conjunctions of the languages the lists' names are in
# (English, Spanish, French, Portuguese, German, Arabic and Urdu transliterated), as
# `folded_words` writes them. Nearly every name holds them: they tell no name apart.
# A name's leading article is not needed to find it first (registry/selectors/search.py): "base"
# is The Base's name, "qaida" al-Qa'ida's, "tren de aragua" El Tren de Aragua's.
LEADING_ARTICLES = ("the", "al", "el", "la", "le", "los", "las", "les")
SMALL_WORDS = frozenset(
    word_list(
        "a an and the of for in on at to by with "
        "de del la las los el y e i da do dos das du des le les et der die das und von fur "
        "al ul ud ad as ash at az ar an wa fi li bi min lil"
    )
)


# Letters of Arabic and Hebrew script that anyascii writes as an apostrophe (hamza, ayin, alef:
# "جماعة" is "jm`h"), read as the letters beside it and not as punctuation, which would cut the
# word in two ("jm h"). Keys do not change: they drop punctuation anyway.
_SILENT_LETTERS = {
    cp: anyascii(chr(cp)).replace("'", "").replace("`", "")
    for block in (range(0x590, 0x600), range(0x600, 0x700), range(0x750, 0x780))
    for cp in block
    if {"'", "`"} & set(anyascii(chr(cp)))
}


def folded_words(text: str) -> str:
    """The name as lower-case ASCII words (letters and digits) separated by single spaces.

    Non-Latin scripts are transliterated (anyascii), so an Arabic or Cyrillic name gets usable
    words too: "Cártel de Jalisco" -> "cartel de jalisco". Symbols are no words (emoji, flags,
    "®", "™"), which anyascii would spell out: "🙂 Hamas" is "hamas", not "slight smile hamas";
    "Hezbollah 🇱🇧" is "hezbollah", not "hezbollah lb".
    """
    normal = unicodedata.normalize("NFKC", text or "").translate(_SILENT_LETTERS)
    if not normal.isascii():
        normal = "".join(" " if unicodedata.category(c) == "So" else c for c in normal)
    return _NOT_ALNUM.sub(" ", anyascii(normal).lower()).strip()


# The English possessive ("Islamic State's", "the Taliban's"). An apostrophe inside a
# transliteration ("Qa'ida", "Shari'a") is not followed by a lone s.
POSSESSIVE = re.compile(r"(?<=[A-Za-z])['’‘`´]s\b")


def without_possessive(text: str) -> str:
    """The text without the English possessive: "the Taliban's Haqqani network" -> "the Taliban
    Haqqani network"."""
    return POSSESSIVE.sub("", text)


def search_key(text: str) -> str:
    """The name's words joined without spaces: lower-case ASCII letters and digits only.

    Spaces are dropped as well as punctuation, so "MS-13", "ms 13" and "ms13" meet.
    """
    return folded_words(text).replace(" ", "")


# What a list or a document writes between two names of one body: "ISIL a.k.a. ISIS", "f.k.a.",
# "also known as", "Hamas; Islamic Resistance Movement", "New People's Army / Communist Party of
# the Philippines" (a slash with spaces around it: "Harakat-ul-Mujahidin/Alami" is one name).
_ANOTHER_NAME = re.compile(
    r"\s*(?:;|\s/\s|\b(?:[afn]\.?\s?k\.?\s?a\b\.?|(?:also|formerly|now) known as\b):?)\s*",
    re.IGNORECASE,
)


def name_parts(text: str) -> tuple[str, list[str]]:
    """The text's first name, and the other parts written apart from it that have a letter or
    digit in them: each bracketed part (people write an acronym or a place beside a name:
    "Balochistan Liberation Army (BLA)": "Balochistan Liberation Army", ["BLA"]; "Daesh [ISIS]":
    "Daesh", ["ISIS"]) and each other name it gives (`_ANOTHER_NAME`: "ISIL a.k.a. ISIS": "ISIL",
    ["ISIS"])."""
    first, *others = _ANOTHER_NAME.split(_BRACKETED.sub(" ", text))
    parts = [name for part in _BRACKETED.findall(text) for name in _ANOTHER_NAME.split(part)]
    return " ".join(first.split()), [p.strip() for p in (*parts, *others) if search_key(p)]


# --- the consonant key ---------------------------------------------------------------------------
# Arabic and Hebrew script leave out short vowels, so a name typed in them transliterates to its
# consonants alone ("حزب الله": "hzb llh"), which no Latin spelling holds ("hizballah"). The
# consonant key is a search key read the way those scripts write it: letters the scripts do not
# tell apart made one (v b p, q k, g j; t h, as the feminine ending is written "h" and romanized
# "-at"), vowels and w y dropped (as Arabic writes long vowels with w and y), a doubled letter once:
# "حزب الله" and "Hizballah" both give "hzblh", "بوكو حرام" and "Boko Haram" "bkhrm".
# Each step replaces every occurrence of a text, in order: `consonant_key` runs them in Python,
# registry/sql.py's ConsonantKey in SQL, so the index over the names' keys and a query agree.
_KEPT = [c for c in string.ascii_lowercase if c not in "aeiouwyvpqgt"]  # b c d f h j k l...
CONSONANT_STEPS: tuple[tuple[str, str], ...] = (
    (("ph", "f"), ("v", "b"), ("p", "b"), ("q", "k"), ("g", "j"), ("t", "h"))
    + tuple((vowel, "") for vowel in "aeiouwy")
    + tuple((letter * 2, letter) for letter in _KEPT)
)


def consonant_key(key: str) -> str:
    """The consonant key of a search key (see CONSONANT_STEPS): "hizballah" -> "hzblh"."""
    for old, new in CONSONANT_STEPS:
        key = key.replace(old, new)
    return key


# --- the sound of a name ----------------------------------------------------------------------
# Romanizations write one sound with different letters: "Haqqani" and "Hakkani", "Houthi" and
# "Huthi", "Djihad" and "Jihad", "Hizballah" and "Hizbalah". A name's sound is its words with
# those spellings made one, for the search to weigh how alike two names sound as well as how
# alike they are spelled (registry/selectors/search.py, `similar_names`).
_SOUNDS = (
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q|c(?![ehiy])"), "k"),
    (re.compile(r"ou|oo"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


def sounded(words: str) -> str:
    """The words (as `folded_words` makes them) as they sound: "haqqani network" -> "hakani
    network", "houthi" -> "huthi"."""
    for spelling, sound in _SOUNDS:
        words = spelling.sub(sound, words)
    return words


SHORT_KEY = 4  # a text of Latin letters this short is searched for at a word's start only


def short_text(text: str, key: str) -> bool:
    """Whether a text is short and in Latin letters ("HTS", "PLO", "NATO"; `key` is its search
    key): inside a word it is a piece of another word ("knigHTS Templar", "IPLO"), not what was
    typed."""
    return len(key) <= SHORT_KEY and text.isascii()


def key_after(key: str) -> str:
    """The first key (letters and digits) after every key starting with `key`, "" if none: keys
    starting with "bdlhzm" are those from "bdlhzm" up to "bdlhzn", in every collation."""
    key = key.rstrip("z")
    if not key:
        return ""
    return key[:-1] + ("a" if key[-1] == "9" else chr(ord(key[-1]) + 1))


def feminine_ending(text: str) -> bool:
    """Whether a text in Arabic script ends with the feminine ending ("ة", or "ه"), which its
    key writes "h" and a romanization often leaves out ("القاعدة": "lqdh", "al-Qaida")."""
    return text.rstrip()[-1:] in ("ة", "ه")


def without_vowels(text: str) -> bool:
    """Whether the text is written in a script that leaves out short vowels (Arabic, Hebrew)."""
    return any(unicodedata.name(c, "").startswith(("ARABIC", "HEBREW")) for c in text)


# Bidirectional-text controls. The embeddings, isolates and marks some files wrap around
# right-to-left names are kept as written (the search key ignores them). The two overrides show a
# name's letters in reverse order, which can disguise it: a name holding one is refused, by the
# imports (registry/importers: the file) and by the admin (the field), never stored.
BIDI_OVERRIDES = {
    "\u202d": "U+202D LEFT-TO-RIGHT OVERRIDE",
    "\u202e": "U+202E RIGHT-TO-LEFT OVERRIDE",
}


def bidi_override(text: str) -> str | None:
    """The first bidirectional override in `text`, named ("U+202E RIGHT-TO-LEFT OVERRIDE")."""
    return next((name for char, name in BIDI_OVERRIDES.items() if char in text), None)
