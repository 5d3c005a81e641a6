"""Mapping tables: which list is which, and which registry program each list tag means.

OFAC tags its entries with program codes ("FTO", "SDGT", "SDNTK", ...); the UN gives a list type
("Al-Qaida", "Taliban", "DPRK", ...). The registry's programs have their own codes (US-FTO under the
State Department, even though the OFAC file carries the FTO tag). A tag not in the tables becomes a
program of its own under the list's authority; the import reports it so an analyst can name it.
"""

from dataclasses import dataclass

from ..normalize import search_key


@dataclass(frozen=True)
class ListInfo:
    """One official list: whose it is, how its entries are keyed, what it owns."""

    key: str
    title: str
    publisher: str
    authority: str  # the authority that publishes the list (new programs go under it)
    scheme: str  # Identifier.Scheme of the list's own entry keys
    # Programs whose open designations this list is the record of: when an entry or its tag
    # disappears from the list, the designation is revoked even if no import created it (the
    # seeds hold such designations). Other programs count only when an import of this list
    # designated them (their events cite a file of this list).
    owned_programs: tuple[str, ...]
    # Programs another authority keeps the record of (the State Department's FTO list): the
    # list's tag opens one only in a registry that holds no curated designation of it (an empty
    # one); otherwise a disagreement is reported for review, never written.
    recorded_elsewhere: tuple[str, ...] = ()


LISTS: dict[str, ListInfo] = {
    "ofac-sdn": ListInfo(
        key="ofac-sdn",
        title="OFAC Specially Designated Nationals (SDN) list",
        publisher="US Department of the Treasury, Office of Foreign Assets Control",
        authority="US-OFAC",
        scheme="ofac-ent-num",
        # Not US-FTO: OFAC's [FTO] tag is incomplete (on 2024-05-03 it is missing from
        # designated FTOs such as Asa'ib Ahl al-Haq and ISIS in the Greater Sahara, and set on
        # IRGC branches the IRGC's designation covers).
        owned_programs=("US-SDGT",),
        recorded_elsewhere=("US-FTO",),
    ),
    "ofac-cons": ListInfo(
        key="ofac-cons",
        title="OFAC Consolidated (non-SDN) list",
        publisher="US Department of the Treasury, Office of Foreign Assets Control",
        authority="US-OFAC",
        scheme="ofac-ent-num",
        owned_programs=(),
        recorded_elsewhere=("US-FTO",),
    ),
    "un-sc": ListInfo(
        key="un-sc",
        title="UN Security Council Consolidated List",
        publisher="United Nations Security Council",
        authority="UN-SC",
        scheme="un-ref",
        owned_programs=("UN-1267", "UN-1988"),
    ),
}

# OFAC program tag -> registry program. Every other tag becomes "US-OFAC-<TAG>".
OFAC_PROGRAMS: dict[str, str] = {
    "FTO": "US-FTO",
    "SDGT": "US-SDGT",
}

# UN list type (or reference-number prefix), compared by search key -> registry program.
# Every other list type becomes "UN-<TYPE>".
UN_PROGRAMS: dict[str, str] = {
    "alqaida": "UN-1267",
    "isildaeshandalqaida": "UN-1267",
    "qd": "UN-1267",
    "taliban": "UN-1988",
    "ta": "UN-1988",
}

# The terrorism programs, which an import takes by default (`--all-programs` takes every tag):
# the State Department's FTO list and E.O. 13224's SDGT, OFAC's SDT (E.O. 12947, terrorists who
# threaten the Middle East peace process), and the UN's ISIL (Da'esh)/Al-Qaida and Taliban lists.
TERRORISM_PROGRAMS: frozenset[str] = frozenset(
    {"US-FTO", "US-SDGT", "US-OFAC-SDT", "UN-1267", "UN-1988"}
)

# Authorities and programs an import may need on an empty database (the seeds normally hold them).
KNOWN_AUTHORITIES: dict[str, dict] = {
    "US-DOS": {"name": "US Department of State", "country": "US", "url": "https://www.state.gov/"},
    "US-OFAC": {
        "name": "US Department of the Treasury, Office of Foreign Assets Control (OFAC)",
        "country": "US",
        "url": "https://ofac.treasury.gov/",
    },
    "UN-SC": {"name": "United Nations Security Council", "country": None, "url": ""},
}

KNOWN_PROGRAMS: dict[str, dict] = {
    "US-FTO": {
        "name": "Foreign Terrorist Organizations",
        "authority": "US-DOS",
        "legal_basis": "INA §219, 8 U.S.C. §1189",
        "review_period_years": 5,
        "petition_period_years": 2,
    },
    "US-SDGT": {
        "name": "Specially Designated Global Terrorists",
        "authority": "US-OFAC",
        "legal_basis": "Executive Order 13224",
    },
    "UN-1267": {
        "name": "ISIL (Da'esh) and Al-Qaida sanctions list",
        "authority": "UN-SC",
        "legal_basis": "UN Security Council resolution 1267 (1999) and successors",
    },
    "UN-1988": {
        "name": "Taliban sanctions list",
        "authority": "UN-SC",
        "legal_basis": "UN Security Council resolution 1988 (2011)",
    },
}

CODE_MAX_LENGTH = 32  # Program.code


def tag_code(tag: str) -> str:
    """ "CAATSA - RUSSIA" -> "CAATSA-RUSSIA": upper-case letters, digits and single hyphens."""
    parts = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in tag.upper()).split()
    return "-".join(parts)


def program_code(list_key: str, tag: str) -> tuple[str, bool]:
    """The registry program for a list tag, and whether the mapping table knows the tag."""
    if list_key.startswith("un-"):
        known = UN_PROGRAMS.get(search_key(tag))
        return (known, True) if known else (f"UN-{tag_code(tag)}"[:CODE_MAX_LENGTH], False)
    known = OFAC_PROGRAMS.get(tag.strip().upper())
    if known:
        return known, True
    return f"US-OFAC-{tag_code(tag)}"[:CODE_MAX_LENGTH].rstrip("-"), False


def new_program_fields(code: str, tag: str, list_info: ListInfo) -> dict:
    """Name, authority and legal basis for a program the registry does not hold yet."""
    if code in KNOWN_PROGRAMS:
        return dict(KNOWN_PROGRAMS[code])
    if list_info.key.startswith("un-"):
        return {
            "name": f"UN Security Council sanctions list '{tag}'",
            "authority": list_info.authority,
            "legal_basis": f"UN Security Council sanctions regime (list type {tag})",
        }
    return {
        "name": f"OFAC sanctions program {tag}",
        "authority": list_info.authority,
        "legal_basis": f"OFAC program tag [{tag}] (see OFAC's program tag key)",
    }
