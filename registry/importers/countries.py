"""Country texts of the official lists -> ISO 3166-1 alpha-2 codes, or None (never a guess).

pycountry knows the ISO names and common names ("Iran", "Syria"); the lists also use their own
spellings ("Burma", "Korea, North", "Congo, Democratic Republic of the"), listed here. A text that
maps to no current ISO country (regions such as "Region: Crimea", "Kosovo", historic countries)
returns None: the import keeps the text and reports it.
"""

from functools import lru_cache

import pycountry

# The lists' own spellings. Compared case-insensitively after collapsing spaces.
LIST_SPELLINGS: dict[str, str] = {
    "bahamas, the": "BS",
    "the bahamas": "BS",
    "brunei": "BN",
    "burma": "MM",
    "cape verde": "CV",
    "china, hong kong special administrative region": "HK",
    "hong kong": "HK",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo, republic of the": "CG",
    "cote d ivoire": "CI",
    "cote d'ivoire": "CI",
    "iran (islamic republic of)": "IR",
    "korea, north": "KP",
    "korea, south": "KR",
    "north korea": "KP",
    "south korea": "KR",
    "democratic people's republic of korea": "KP",
    "laos": "LA",
    "macau": "MO",
    "macao": "MO",
    "man, isle of": "IM",
    "micronesia, federated states of": "FM",
    "north macedonia, the republic of": "MK",
    "palestinian": "PS",
    "state of palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "region: gaza": "PS",
    "region: north gaza": "PS",
    "region: northern gaza": "PS",
    "region: west bank": "PS",
    "russia": "RU",
    "the gambia": "GM",
    "gambia, the": "GM",
    "turkey": "TR",
    "vatican city": "VA",
}

# Texts that say "no country" rather than naming one: neither mapped nor reported.
EMPTY_TEXTS = frozenset({"", "-0-", "undetermined", "unknown"})


def clean_country_text(text: str) -> str:
    return " ".join((text or "").split())


@lru_cache(maxsize=2048)
def country_code(text: str) -> str | None:
    """ISO alpha-2 code for a country text of an official list, or None when it names none."""
    cleaned = clean_country_text(text)
    folded = cleaned.casefold()
    if folded in EMPTY_TEXTS:
        return None
    if folded in LIST_SPELLINGS:
        return LIST_SPELLINGS[folded]
    if len(cleaned) <= 3:
        # "US", "AND", "840" would match codes, not names: a list writes country names.
        return None
    try:
        return pycountry.countries.lookup(cleaned).alpha_2
    except LookupError:
        return None


def is_empty_country(text: str) -> bool:
    return clean_country_text(text).casefold() in EMPTY_TEXTS


def country_name(code: str) -> str:
    """The name the registry's country table uses for `code` (as the seed command writes it)."""
    entry = pycountry.countries.get(alpha_2=code)
    if entry is None:
        raise LookupError(f"unknown country code {code!r}")
    return getattr(entry, "common_name", None) or entry.name
