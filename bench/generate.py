"""Deterministic synthetic registry data for the benchmark (standard library only).

`organizations(n, seed)` yields one `OrgRecord` per organization: its names (an English primary
name, then acronyms, Spanish/French/German translations with accents, Arabic and Cyrillic script,
and aka / fka forms with quotes, parentheses, ampersands and slashes), one to three countries on a
Zipf curve (the places terrorism lists name most come first), and one to three designations under
distinct programs, each with its events: the designation (day, month or year precision), for some a
review, and for one in five a revocation. The same n and seed give the same records, byte for byte
(`fingerprint`), whatever the database they are loaded into.

`ParamCollector` picks the questions every server is asked, from the data itself: list filters
(program, day) with at least 100 designations in force, organization ids for the detail page, and
search terms in Latin, accented Latin, Arabic and Cyrillic script. bench/load.py writes the records
through the registry's bulk services; this module knows nothing of Django.
"""

import datetime as dt
import hashlib
import itertools
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

GENERATOR_VERSION = "1"


def words(text: str) -> list[str]:
    return text.split()


# (authority code, name, country); (program, authority, weight, review years, petition years, basis)
AUTHORITIES = [
    ("US-DOS", "U.S. Department of State", "US"),
    ("US-OFAC", "U.S. Treasury, Office of Foreign Assets Control", "US"),
    ("UN-SC", "United Nations Security Council", None),
    ("EU-COUNCIL", "Council of the European Union", None),
    ("GB-HO", "UK Home Office", "GB"),
    ("CA-PS", "Public Safety Canada", "CA"),
    ("AU-AGD", "Australian Attorney-General's Department", "AU"),
    ("IN-MHA", "India, Ministry of Home Affairs", "IN"),
]
PROGRAMS = [
    ("US-FTO", "US-DOS", 18, 5, 2, "8 U.S.C. §1189"),
    ("US-SDGT", "US-OFAC", 16, None, None, "Executive Order 13224"),
    ("UN-1267", "UN-SC", 12, None, None, "UNSC Resolution 1267 (1999)"),
    ("UN-1988", "UN-SC", 4, None, None, "UNSC Resolution 1988 (2011)"),
    ("EU-CP931", "EU-COUNCIL", 10, None, None, "Common Position 2001/931/CFSP"),
    ("EU-2580", "EU-COUNCIL", 6, None, None, "Regulation (EC) No 2580/2001"),
    ("GB-PROSCRIBED", "GB-HO", 9, None, None, "Terrorism Act 2000, Schedule 2"),
    ("CA-LISTED", "CA-PS", 5, None, None, "Criminal Code s. 83.05"),
    ("AU-LISTED", "AU-AGD", 4, None, None, "Criminal Code Act 1995, Division 102"),
    ("IN-UAPA", "IN-MHA", 3, None, None, "Unlawful Activities (Prevention) Act 1967"),
]
CONSEQUENCES = {
    "US-FTO": [
        ("criminal", "Material support is a crime", "18 U.S.C. §2339B"),
        ("immigration", "Members are inadmissible", "8 U.S.C. §1182(a)(3)(B)"),
        ("financial", "Funds are blocked", "8 U.S.C. §1189(a)(2)(C)"),
    ],
    "US-SDGT": [("financial", "Property is blocked", "E.O. 13224 §1")],
    "UN-1267": [
        ("financial", "Assets are frozen", "UNSCR 2368 (2017) para. 1(a)"),
        ("other", "Travel ban", "UNSCR 2368 (2017) para. 1(b)"),
    ],
    "UN-1988": [("financial", "Assets are frozen", "UNSCR 2255 (2015) para. 1(a)")],
    "EU-CP931": [("financial", "Funds are frozen", "Regulation (EC) No 2580/2001 Art. 2")],
    "EU-2580": [("financial", "No funds may be made available", "Art. 2(1)(b)")],
    "GB-PROSCRIBED": [("criminal", "Membership is an offence", "Terrorism Act 2000 s. 11")],
    "CA-LISTED": [("financial", "Property is frozen", "Criminal Code s. 83.08")],
    "AU-LISTED": [("criminal", "Membership is an offence", "Criminal Code s. 102.3")],
    "IN-UAPA": [("criminal", "Membership is punishable", "UAPA s. 38")],
}
# Countries in the order of the Zipf curve: the ones lists name most come first.
COUNTRIES = words(
    "IQ SY AF PK SO NG YE LB CO PS ML LY PH IN EG TR IR DZ SD KE BF NE ID GB FR DE RU UA US ES "
    "BD LK SA TN MZ CD CM TD MA JO MX VE PE SV HN GT BR AR CL EC BO NI CU HT KZ UZ TJ KG AZ GE AM "
    "TH MM MY KH VN CN JP KR KP NP BT MV ER ET DJ UG TZ RW BI SS CF CG GA GQ AO ZM ZW ZA NA BW LS "
    "SZ MG MU SC KM CV SN GM GN GW SL LR CI GH TG BJ MR EH IL KW BH QA AE OM BE NL LU CH AT IT GR "
    "CY MT PT IE IS NO SE FI DK EE LV LT PL CZ SK HU SI HR BA RS ME MK AL MN BG RO MD BY CA AU NZ"
)

SYLLABLES = words(
    "al an ar ba da ha ja ka ki la ma na ra sa sha ta za zu ri di mi bo ko nu qa ib um ez or fa "
    "gu hi ye wa te lo mu si ne va dr kh"
)
ADJECTIVES = words(
    "Popular National Revolutionary Islamic Red People's United Democratic Armed Holy Free "
    "Northern Southern Eastern Western Radical Patriotic Socialist Sacred New"
)
TYPES = words(
    "Front Brigades Movement Army Legion Battalion Council Organization Party Cells Group Command "
    "Forces Vanguard Resistance Alliance Committee Network Union Guard"
)
SPANISH = {"Front": "Frente", "Army": "Ejército", "Movement": "Movimiento", "Union": "Unión"}
SPANISH |= {"Organization": "Organización", "Resistance": "Resistencia", "Forces": "Fuerzas"}
FRENCH = {"Front": "Front", "Army": "Armée", "Movement": "Mouvement", "Union": "Union"}
FRENCH |= {"Organization": "Organisation", "Resistance": "Résistance", "Forces": "Forces"}
GERMAN = {"Front": "Front", "Army": "Armee", "Movement": "Bewegung", "Union": "Bündnis"}
GERMAN |= {"Organization": "Organisation", "Resistance": "Widerstand", "Forces": "Streitkräfte"}
ARABIC_TYPES = ["جبهة", "حركة", "كتائب", "جيش", "تنظيم", "جماعة", "ألوية", "مجلس"]
CYRILLIC_TYPES = ["Фронт", "Армия", "Движение", "Бригады", "Организация", "Группа", "Союз"]
ARABIC_LETTERS = dict(
    pair.split(":")
    for pair in words("a:ا b:ب d:د h:ه j:ج k:ك l:ل m:م n:ن r:ر s:س t:ت z:ز q:ق i:ي u:و o:و e:ي f:ف")
    + words("g:غ w:و y:ي v:ف")
)
CYRILLIC_LETTERS = dict(
    pair.split(":")
    for pair in words("a:а b:б d:д h:х j:ж k:к l:л m:м n:н r:р s:с t:т z:з q:к i:и u:у o:о e:е f:ф")
    + words("g:г w:в y:й v:в")
)
KINDS = ["armed_group"] * 14 + ["cartel", "gang", "political", "media", "state_entity", "other"]
NOTES = [
    "Splinter faction; leadership disputed.",
    "Merged with another group in the 2010s.",
    'Also known locally as "the movement".',
    "Funding via extortion, smuggling & kidnapping.",
    "Dormant since a ceasefire; some cells remain.",
    "",
]

FIXED_WORDS = {*ADJECTIVES, *TYPES, "Liberation", "Cause"}

FIRST_DAY = dt.date(1997, 10, 8)  # the first FTO list
LAST_DAY = dt.date(2025, 6, 30)
LAST_REVOCATION = dt.date(2025, 12, 31)
LIST_DAYS = [dt.date(2005, 6, 30), dt.date(2015, 1, 1), dt.date(2020, 1, 1), dt.date(2024, 12, 31)]


@dataclass
class EventRecord:
    kind: str  # designated / reviewed / revoked
    effective_on: dt.date
    precision: str  # day / month / year
    signed_on: dt.date | None
    citation: str
    document_number: str


@dataclass
class DesignationRecord:
    program: str
    events: list[EventRecord]


@dataclass
class OrgRecord:
    number: int  # 1..n, the organization's id in a freshly loaded database
    name: str
    slug: str
    kind: str
    description: str
    # aliases: (name, kind, script, language); countries: (code, role)
    aliases: list[tuple[str, str, str, str]] = field(default_factory=list)
    countries: list[tuple[str, str]] = field(default_factory=list)
    designations: list[DesignationRecord] = field(default_factory=list)


def _picker(rng: random.Random, items: list, weights: list[float]):
    cumulative = list(itertools.accumulate(weights))
    return lambda: rng.choices(items, cum_weights=cumulative)[0]


def _transliterate(stem: str, letters: dict[str, str], sh: str, kh: str) -> str:
    text = stem.lower().replace("sh", "\0").replace("kh", "\1")
    return "".join(sh if c == "\0" else kh if c == "\1" else letters.get(c, "") for c in text)


def arabic(stem: str) -> str:
    return _transliterate(stem, ARABIC_LETTERS, "ش", "خ")


def cyrillic(stem: str) -> str:
    return _transliterate(stem, CYRILLIC_LETTERS, "ш", "х").capitalize()


def _stems(rng: random.Random, count: int) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3, 3, 4))))
        if len(stem) >= 5:
            seen.setdefault(stem.capitalize())
    return list(seen)


def _names(rng: random.Random, a: str, b: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    """A primary name and the candidate aliases (name, kind, script, language)."""
    adjective, kind = rng.choice(ADJECTIVES), rng.choice(TYPES)
    form = rng.randrange(6)
    name = [
        f"{adjective} {kind} for the Liberation of {a}",
        f"{a} {kind}",
        f"Jama'at {a} {b}",
        f"{a}-{b} {adjective} {kind}",
        f'{kind} "{a}"',
        f"{a} {b}, {kind} of the {adjective} Cause",
    ][form]
    words = re.sub(r"[^A-Za-z' ]", " ", name).split()
    acronym = "".join(w[0] for w in words if w[0].isupper())
    candidates = []
    if len(acronym) >= 2:
        candidates.append((acronym, "acronym", "Latin", ""))
        candidates.append((".".join(acronym) + ".", "acronym", "Latin", ""))
    if kind in SPANISH:
        language = rng.randrange(3)
        if language == 0:
            candidates.append((f"{SPANISH[kind]} {a} de Liberación", "translation", "Latin", "es"))
        elif language == 1:
            french = f"{FRENCH[kind]} révolutionnaire de {a}"
            candidates.append((french, "translation", "Latin", "fr"))
        else:
            candidates.append((f"{GERMAN[kind]} Süd-{a}", "translation", "Latin", "de"))
    candidates.append((f"{rng.choice(ARABIC_TYPES)} {arabic(a)}", "translation", "Arabic", "ar"))
    candidates.append(
        (f"{rng.choice(CYRILLIC_TYPES)} «{cyrillic(a)}»", "translation", "Cyrillic", "ru")
    )
    affiliation = rng.choice(["AQ", "ISIS", "ISIL"])
    candidates.append((f"{a} ({affiliation}-affiliated) & {b}", "strong", "Latin", ""))
    place = rng.choice(["Ñancú", "São", "Ça", "Øst"])
    candidates.append((f"Ex-{b} {kind} / {a} {place}", "former", "Latin", ""))
    rng.shuffle(candidates)
    return name, candidates


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


def _with_precision(rng: random.Random, day: dt.date) -> tuple[dt.date, str]:
    roll = rng.random()
    if roll < 0.03:
        return day.replace(month=1, day=1), "year"
    if roll < 0.10:
        return day.replace(day=1), "month"
    return day, "day"


def _designation(rng: random.Random, program: str, org_name: str) -> DesignationRecord:
    start, precision = _with_precision(rng, _day(rng, FIRST_DAY, LAST_DAY))
    volume = start.year - 1935
    events = [
        EventRecord(
            kind="designated",
            effective_on=start,
            precision=precision,
            signed_on=start - dt.timedelta(days=rng.randrange(1, 9))
            if precision == "day"
            else None,
            citation=f"{volume} FR {rng.randrange(1000, 99999)}",
            document_number=f"{start.year}-{rng.randrange(1, 30000):05d}",
        )
    ]
    if program == "US-FTO" and rng.random() < 0.3:
        review = start + dt.timedelta(days=5 * 365 + rng.randrange(0, 200))
        if review <= LAST_DAY:
            events.append(EventRecord("reviewed", review, "day", None, f"{volume + 5} FR 1", ""))
    if rng.random() < 0.2:
        latest = max(events[-1].effective_on + dt.timedelta(days=30), start)
        end = _day(rng, min(latest, LAST_REVOCATION), LAST_REVOCATION)
        events.append(
            EventRecord(
                "revoked",
                end,
                "day",
                None,
                f"{end.year - 1935} FR {rng.randrange(1000, 99999)}",
                f"{end.year}-{rng.randrange(1, 30000):05d}",
            )
        )
    return DesignationRecord(program=program, events=events)


def organizations(n: int, seed: int = 42) -> Iterator[OrgRecord]:
    rng = random.Random(seed)
    stems = _stems(rng, max(2000, n // 25))
    pick_stem = _picker(rng, stems, [1.0 / (r + 1) ** 0.3 for r in range(len(stems))])
    pick_country = _picker(rng, COUNTRIES, [1.0 / (r + 1) ** 0.9 for r in range(len(COUNTRIES))])
    programs = [p[0] for p in PROGRAMS]
    pick_program = _picker(rng, programs, [p[2] for p in PROGRAMS])
    for number in range(1, n + 1):
        a, b = pick_stem(), pick_stem()
        name, candidates = _names(rng, a, b)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:90] + f"-{number}"
        record = OrgRecord(number, name, slug, rng.choice(KINDS), rng.choice(NOTES))
        seen = {name}
        for alias in candidates[: rng.choice((1, 2, 3, 3, 4, 5))]:
            if alias[0] not in seen:
                seen.add(alias[0])
                record.aliases.append(alias)
        for position in range(rng.randrange(1, 4)):
            code = pick_country()
            if code not in (c for c, _ in record.countries):
                record.countries.append((code, "base" if position == 0 else "operations"))
        chosen: list[str] = []
        for _ in range(rng.choice((1, 2, 2, 3, 3))):
            program = pick_program()
            if program not in chosen:
                chosen.append(program)
                record.designations.append(_designation(rng, program, name))
        yield record


def in_force(designation: DesignationRecord, day: dt.date) -> bool:
    """The registry's in-force rule, for choosing parameters (querysets.in_force_q is the rule)."""
    start = designation.events[0].effective_on
    end = next((e.effective_on for e in designation.events if e.kind == "revoked"), None)
    return start <= day and (end is None or end > day)


class ParamCollector:
    """Picks the questions every server is asked from the records as they stream past."""

    def __init__(self, n: int, seed: int = 42):
        self.n, self.seed = n, seed
        self.counts: dict[tuple[str, dt.date], int] = {}
        self.stems: dict[str, int] = {}
        self.digest = hashlib.sha256(f"{GENERATOR_VERSION}|{n}|{seed}".encode())

    def add(self, record: OrgRecord) -> None:
        self.digest.update(repr(record).encode("utf-8"))
        for designation in record.designations:
            for day in LIST_DAYS:
                if in_force(designation, day):
                    key = (designation.program, day)
                    self.counts[key] = self.counts.get(key, 0) + 1
        for word in re.findall(r"[A-Z][a-z]{4,}", record.name):
            self.stems[word] = self.stems.get(word, 0) + 1

    def fingerprint(self) -> str:
        """SHA-256 over every record seen: equal for equal data."""
        return self.digest.hexdigest()

    def params(self, per_kind: int = 20) -> dict:
        rng = random.Random(self.seed + 1)
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))
        big = [kv for kv in ranked if kv[1] >= 100] or ranked
        chosen = rng.sample(big, min(per_kind, len(big)))
        list_params = [
            {"program": program, "as_of": day.isoformat(), "in_force": count}
            for (program, day), count in sorted(chosen, key=lambda kv: (kv[0][0], kv[0][1]))
        ]
        by_count = sorted(self.stems.items(), key=lambda kv: (-kv[1], kv[0]))
        common = [w for w, c in by_count if c >= 3 and w not in FIXED_WORDS]
        common = common[:200] or [w for w, _ in by_count]
        picks = rng.sample(common, min(len(common), 10))
        terms: list[dict] = []
        for i, stem in enumerate(picks[:8]):  # Latin fragments, in mixed case
            terms.append({"q": stem[1:6] if i % 2 else stem[:5].upper(), "script": "Latin"})
        for stem in picks[8:10]:  # accents and punctuation, as the translations write them
            terms.append({"q": f"Süd-{stem[:4]}", "script": "Latin+accents"})
            terms.append({"q": f"révolutionnaire de {stem[:4]}", "script": "Latin+accents"})
        for stem in picks[:4]:
            terms.append({"q": arabic(stem)[:4], "script": "Arabic"})
        for stem in picks[4:8]:
            terms.append({"q": cyrillic(stem)[:5], "script": "Cyrillic"})
        detail_rng = random.Random(self.seed + 2)
        detail = sorted(detail_rng.sample(range(1, self.n + 1), min(self.n, 200)))
        return {"list": list_params, "search": terms[:per_kind], "detail": detail}
