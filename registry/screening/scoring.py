"""How alike a typed name and a registry name are: a score in [0, 1] and the reasons for it.

Pure functions, no database. Both names are read through registry/normalize.py (the registry's
one normalization: case, accents and punctuation dropped, other scripts transliterated by
anyascii), then compared, each comparison a feature with its score and a sentence a person can
check:

- `same_key`      the two search keys are equal ("Hizb Allah" / "Hizballah", "MS-13" / "ms 13"): 1;
- `words`         the words paired one to one, closest first (Jaro-Winkler, rapidfuzz; the same
                  consonants in the same order, "hizbullah"/"hizballah", count as very close, the
                  same Metaphone code, jellyfish, as close; two neighbouring words may be read
                  as one), each word weighted by its length and its kind: a distinctive word
                  ("hezbollah", "jalisco") counts fully, as a number or a code letter ("13",
                  the "k" of "ISIS-K") does, a place ("pakistani") less, a generic word
                  ("party", "army", "company", "islamic") and a small one ("of", "al") much
                  less. An unpaired word costs its weight, half of it when one name lies within
                  the other, a quarter for a place the query adds to a distinctive word ("Kurdish
                  PKK"), but all of it for a place the registry's name adds ("Al-Qaeda in Iraq"
                  is a branch), and a word that makes a name another body's ("Republican Sinn
                  Féin", "Fatah al-Islam", "Real IRA": `QUALIFIERS`) costs as much as a
                  distinctive one; two different generic words ("party"/"army") are no pair
                  unless spelled closely (`GENERIC_CLOSE`); an article is not read as one word
                  with the word before it ("ansar al");
                  order does not matter; legal forms ("Joint Stock Company", "OAO") and numbers
                  in words ("Forty-Four") are read one way;
- `initials`      the query is one word made of the name's initials ("PLA" / "People's
                  Liberation Army"): 0.9; the name is one word made of the query's initials
                  ("CDS" / "Cartel de los Soles"): 0.75, shown, never a match alone; and 0.75 too
                  when the query is another candidate's name as written ("AQIM" is al-Qa'ida in
                  the Islamic Maghreb's, not the initials of ISIS's "Al-Qaida in Mesopotamia":
                  registry/screening/matcher.py);
- `no_distinctive_pair`  no distinctive word pairs (only generic words and places in common, as
                  "Islamic University of Madinah" and "Islamic State"): the score x 0.7;
- `other_kind`    the query says its body is of a kind no list designates for terrorism (a sports
                  club, a school, a hospital: "Al-Shabab FC") and the registry's name does not:
                  the score x 0.8.

A name's score is `same_key`, or the best of `words` and `initials`, times `no_distinctive_pair`
and `other_kind` when they apply, and times `WEAK_ALIAS` when the name is a weak alias (OFAC's
low-quality a.k.a.s, "The Sentinels", "Al Hayat": kept, but never a match alone, as OFAC's
guidance and seeds/README.md say). An alias recorded as an acronym ("AQI", "HAMMS") meets the
query's words only as written, never by a spelling or sound alike (`compare_acronym`). The
organization's score is its best name's, moved by the country (`country_adjustment`).
`ALGORITHM` names this recipe; change it when the recipe changes, since receipts and recorded
answers name it. docs/screening.md has the figures it reaches.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial

import jellyfish
from rapidfuzz.distance import JaroWinkler

from ..normalize import (
    POSSESSIVE,
    consonant_key,
    feminine_ending,
    folded_words,
    name_parts,
    search_key,
    without_possessive,
    word_list,
)
from ..words import (
    DIRECTIONS,
    PLACE_COUNTRY,
    PRESS_WORDS,
    SAME_PLACE,
    as_digits,
    consonant_readings,
)
from ..words import word_kind as kind_of_word

ALGORITHM = "registry-name/16"


# Words: a pair of words less alike than this (Jaro-Winkler) is no pair; a pair with the same
# Metaphone code counts at least SOUND_ALIKE. A pair spelled differently counts its Jaro-Winkler
# similarity's shortfall SPELLING_STRICTNESS times ("estonia"/"ethiopia" 0.82 counts 0.64).
WORD_CLIFF = 0.7
SOUND_ALIKE = 0.92
# Two different generic words pair only this alike (Jaro-Winkler) at least: they are words of a
# closed vocabulary, and one is rarely a slip for the other ("organisation"/"organization" 0.97,
# but "party"/"army" 0.78, "jihad"/"ittihad" in Arabic script).
GENERIC_CLOSE = 0.85
# A pair with the same consonants in the same order and vowels in the same places (`skeleton`: a
# doubled letter read once, each run of vowels one mark; three consonants at least) is one word
# transliterated two ways, as Arabic script writes no short vowels ("hizbullah"/"hizballah",
# "qaida"/"qaeda"): it counts SAME_CONSONANTS at least. A vowel where the other has none is
# another word ("hamas"/"hamms", "sahaba"/"shabaab"), unless one word writes no vowel at all (a
# name in Arabic script, transliterated: "hzbllh").
SAME_CONSONANTS = 0.97
CONSONANT_LETTERS = 3
SPELLING_STRICTNESS = 2.0
# Two neighbouring words are read as one only when they are this alike to a word of the other.
JOINED_CLOSE = 0.85
# How much a word counts, per letter, by its kind (see `word_kind`); a number, or a code letter,
# counts as a word of NUMBER_LETTERS letters at least.
KIND_WEIGHTS = {"distinctive": 1.0, "number": 1.0, "place": 0.6, "generic": 0.35, "small": 0.2}
NUMBER_LETTERS = 3
# When one name lies within the other (each of its words paired at WITHIN_PAIR or more), the
# other's extra words cost this share of their weight: a name written out in full is still the
# name ("Boris Johnson" / "Alexandre Boris de Pfeffel Johnson").
EXTRA_WORDS = 0.5
WITHIN_PAIR = 0.75
# A short word ending the registry's name that the query lacks is a branch's code (`code_like`):
# it costs as a number does, in full.
CODE_WORD_LETTERS = 3
# Words that, added to a name, name another body: a faction or successor ("Republican Sinn Féin",
# "Real IRA", "Continuity IRA", "New IRA") or a creed ("Fatah al-Islam", "Islamic Jihad"). When
# one name lies within the other, such an extra word costs as much as a distinctive word.
QUALIFIERS = frozenset(
    word_list(
        """
    republican real continuity provisional official islam islamic islami islamiya islamiyah
    islamiyya islamia revolutionary revolucionario revolucionaria
    """
    )
)
# The press's words for a group's people or for the group (`PRESS_WORDS`: "ISIS members", "the
# Islamic State group") that a query adds to a name are left out of the comparison; the name
# then scores this much at most: said of the group, not its name.
PRESS_WORDS_SCORE = 0.97
# When each name has a generic word the other lacks ("League of the Righteous", "Army of the
# Righteous"), they name two kinds of body: the score is multiplied by this.
OTHER_BODY_KIND = 0.9
# A place the query adds to a whole name with a distinctive word says where the body is
# ("Kurdish PKK", "TRF Kashmir"): it costs this share of its weight. Added to generic words only,
# it names another body ("Islamic State Sahel" is not "Islamic State").
ADDED_PLACE = 0.25
# When no two distinctive words pair (and either name has one, or leaves a generic word unpaired
# or only spelled alike), the score is multiplied by this: names with only generic words and
# places in common are not the same name. But generic words pinned to a place, PLACED_WORDS
# words at least with a place among them, are a name when one name lies within the other
# ("Islamic State Central Africa" / "Islamic State Central Africa Province").
NO_DISTINCTIVE_PAIR = 0.7
PLACED_WORDS = 3
# A typed acronym made of a name's initials ("PLA" / "People's Liberation Army") scores INITIALS;
# the initials must be ACRONYM_LETTERS long at least (two letters, "JI", stand for too many names).
# A typed name whose initials spell a registry name of one word ("Cartel de los Soles" and "CDS",
# Cártel de Sinaloa's acronym) scores INITIALS_OF_QUERY, under the default threshold: shown, never
# a match alone, since a registry acronym stands for one name and the query's initials for many.
INITIALS = 0.9
INITIALS_OF_QUERY = 0.75
ACRONYM_LETTERS = 3
# A query read in part (the name beside its brackets, or what is in them: `readings`) scores this
# share of its best: the whole of what was typed, when it meets a name as well, comes first.
PART_READ = 0.95
# A query "X's Y" is read as Y too, in full, for an organization one of whose names is X at this
# score at least: "Hezbollah's Islamic Jihad Organization" is Hizballah's alias as the press
# writes it (`owned_reading`).
OWNER_ALIKE = 0.9
# A query naming a body of a kind the lists do not designate for terrorism (`OTHER_KINDS`), which
# the registry's name does not name, scores this share: "Al-Shabab FC" is a football club.
OTHER_KIND = 0.8
# A query in Arabic or Hebrew script (which leave out short vowels) with the consonant key of a name
# (registry/normalize.py: "حزب الله" and "Hizballah", "hzblh"), of CONSONANT_KEY_LETTERS at
# least, or that key and the feminine ending "h" a romanization leaves out, scores this at least;
# read without its first, generic words ("لشکر زینبیون": "znbn", `consonant_readings`), a little
# less; a name whose key starts with one of those readings, of CONSONANT_PREFIX_LETTERS at least
# ("كتائب عبد الله عزام": "bdlhzm", the Abdallah Azzam Brigades), less again.
SAME_CONSONANT_KEY = 0.9
SHORTER_CONSONANT_KEY = 0.87
CONSONANT_KEY_START = 0.85
CONSONANT_KEY_LETTERS = 4
CONSONANT_PREFIX_LETTERS = 5
# Country: a query's country among the organization's adds this; not among them subtracts this.
COUNTRY_AGREES = 0.03
COUNTRY_DIFFERS = 0.10

# Kinds of body no terrorism list designates: sports clubs, schools and universities, hospitals,
# hotels and restaurants (banks, charities, companies and broadcasters are designated: not here).
OTHER_KINDS = frozenset(
    word_list(
        """
    fc sc cf ac afc cd club clube football futbol soccer sporting sports sport athletic atletico
    basketball cricket hockey rugby volleyball olympic stadium university universidad universiti
    universite universitat college school colegio escuela hospital clinic hotel restaurant
    """
    )
)
# Legal forms, written out or abbreviated, each read as one abbreviation so that "Open Joint
# Stock Company", "OAO" and "OJSC" meet (longest phrases first).
LEGAL_FORMS = (
    ("obshchestvo s ogranichennoy otvetstvennost yu", "llc"),
    ("gesellschaft mit beschrankter haftung", "gmbh"),
    ("societatea cu raspundere limitata", "srl"),
    ("open joint stock company", "ojsc"),
    ("closed joint stock company", "cjsc"),
    ("public joint stock company", "pjsc"),
    ("limited liability company", "llc"),
    ("aktsionernoe obshchestvo", "jsc"),
    ("public limited company", "plc"),
    ("joint stock company", "jsc"),
    ("sp z o o", "llc"),
    ("aktiengesellschaft", "ag"),
    ("incorporated", "inc"),
    ("corporation", "corp"),
    ("company", "co"),
    ("limited", "ltd"),
    ("ooo", "llc"),
    ("oao", "ojsc"),
    ("zao", "cjsc"),
    ("pao", "pjsc"),
    ("ao", "jsc"),
)
# The words that say a name is a company's: each legal form as `compared_words` abbreviates it,
# and the words for a company.
COMPANY_WORDS = frozenset(short for _, short in LEGAL_FORMS) | frozenset(
    word_list("sa ag nv bv spa srl sarl gmbh llp lp plc company companies holding holdings")
)


# A word of one letter that is a consonant is a code, read as a number is: it names a branch
# ("ISIS-K", "ISIS-L") and pairs only with the same letter; not the "e" or "i" of
# "Lashkar-e-Tayyiba" or "Hizb-i-Islami", which are spelt either way.
CODE_LETTERS = frozenset("bcdfghjklmnpqrstvwxz")


def word_kind(word: str) -> str:
    """`registry.words.word_kind`, a code letter (`CODE_LETTERS`) read as a "number"."""
    return "number" if word in CODE_LETTERS else kind_of_word(word)


@dataclass(frozen=True)
class Explanation:
    feature: str
    score: float
    detail: str

    def as_dict(self) -> dict:
        return {"feature": self.feature, "score": round(self.score, 4), "detail": self.detail}


@dataclass(frozen=True)
class NameScore:
    """A name's score, and the reasons for it, written only when asked for: a screening compares
    every name of every candidate and shows a few."""

    name: str  # the registry's name that was compared
    score: float
    explain: Callable[[], tuple[Explanation, ...]] = field(default=tuple, repr=False, compare=False)

    @cached_property
    def explanations(self) -> tuple[Explanation, ...]:
        return self.explain()


@lru_cache(maxsize=65536)  # pure: a word's code never changes; names repeat their words
def phonetic_code(word: str) -> str:
    """The word's Metaphone code; a word of digits is its own code."""
    return word if word.isdigit() else jellyfish.metaphone(word)


def weight(word: str) -> float:
    kind = word_kind(word)
    letters = max(len(word), NUMBER_LETTERS) if kind == "number" else len(word)
    return letters * KIND_WEIGHTS[kind]


def compared_words(text: str) -> list[str]:
    """The name's folded words (registry/normalize.py), legal forms abbreviated one way,
    numbers written in words read as digits, and letters run into a number read apart from it
    ("MS13 gang" is "ms 13 gang", as "MS-13" is "ms 13")."""
    return list(_compared_words(text))


LETTERS_THEN_DIGITS = re.compile(r"\b([a-z]+)(\d+)\b")  # not "i9or": a slip for "igor"


@lru_cache(maxsize=8192)  # pure, and a candidate's names come back query after query
def _compared_words(text: str) -> tuple[str, ...]:
    # "Islamic State's Khorasan Province" has no word "s" (which paired with "Sahel" in
    # "Islamic State Sahel Province")
    text = without_possessive(text)
    folded = " " + LETTERS_THEN_DIGITS.sub(r"\1 \2", folded_words(text)) + " "
    for written, short in LEGAL_FORMS:
        folded = folded.replace(f" {written} ", f" {short} ")
    return tuple(as_digits(folded.split()))


@dataclass(frozen=True)
class WordPair:
    query: str
    name: str
    score: float
    how: str  # "same", "place", "direction" (two words of one), "spelling", "sound", "consonants"

    @property
    def distinctive(self) -> bool:
        return all(word_kind(w) in ("distinctive", "number") for w in (self.query, self.name))


@lru_cache(maxsize=65536)
def consonants(word: str) -> str:
    """The word's consonants in order, a doubled one once: "hizballah" -> "hzblh"."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", word))


VOWEL = re.compile(r"[aeiou]")  # y and w also transliterate Arabic consonants


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """The word's letters, a doubled one once, each run of vowels one mark: "hizballah" and
    "hizbullah" -> "h.zb.l.h", "hamas" -> "h.m.s", "hamms" -> "h.ms"."""
    return re.sub(r"[aeiouy]+", ".", re.sub(r"(.)\1+", r"\1", word))


def same_consonants(first: str, second: str) -> bool:
    """Whether two words (not numbers) have the same `consonants`, three at least, with their
    vowels in the same places (`skeleton`) when both write vowels (a name in Arabic script,
    transliterated, writes none: "hzbllh")."""
    if first.isdigit() or second.isdigit():
        return False
    letters = consonants(first)
    if len(letters) < CONSONANT_LETTERS or letters != consonants(second):
        return False
    both_voweled = VOWEL.search(first) and VOWEL.search(second)
    return not both_voweled or skeleton(first) == skeleton(second)


def sound_alike(first: str, second: str) -> bool:
    """The same Metaphone code, for words other than small ones ("al" is not "ahli")."""
    kinds = (word_kind(first), word_kind(second))
    return "small" not in kinds and phonetic_code(first) == phonetic_code(second)


def same_place(first: str, second: str) -> bool:
    """Two words of one place ("kurdish", "kurdistan"; `PLACES`, registry/words.py)."""
    return first in SAME_PLACE and SAME_PLACE[first] == SAME_PLACE.get(second)


def same_direction(first: str, second: str) -> bool:
    """Two words of one compass direction ("east", "ost"; `DIRECTIONS`, registry/words.py)."""
    return first in DIRECTIONS and DIRECTIONS[first] == DIRECTIONS.get(second)


def other_directions(first: str, second: str) -> bool:
    """Two words naming different compass directions ("noreste", "noroeste"), which never pair
    however alike they are spelt."""
    return first in DIRECTIONS and second in DIRECTIONS and DIRECTIONS[first] != DIRECTIONS[second]


def word_similarity(first: str, second: str) -> float:
    """Jaro-Winkler, or `SAME_CONSONANTS` or `SOUND_ALIKE` when more and the two have the same
    consonants or sound alike."""
    similarity = JaroWinkler.similarity(first, second)
    if same_consonants(first, second):
        return max(similarity, SAME_CONSONANTS)
    return max(similarity, SOUND_ALIKE) if sound_alike(first, second) else similarity


def paired_words(
    query_words: list[str], name_words: list[str], exact: bool = False
) -> list[WordPair]:
    """The words of both names paired one to one, the closest pairs first (Jaro-Winkler; a pair
    with the same Metaphone code counts `SOUND_ALIKE` at least); a word with no partner at
    `WORD_CLIFF` or more stays unpaired, numbers pair only with the same number and compass
    directions only with the same direction; `exact`: every word only with the same word."""
    candidates = sorted(
        (
            (
                1.0 if same_place(q, n) or same_direction(q, n) else JaroWinkler.similarity(q, n),
                i,
                j,
            )
            for i, q in enumerate(query_words)
            for j, n in enumerate(name_words)
        ),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    pairs, used_query, used_name = [], set(), set()
    for similarity, i, j in candidates:
        if i in used_query or j in used_name:
            continue
        query, name = query_words[i], name_words[j]
        if query != name and (exact or word_kind(query) == "number" or word_kind(name) == "number"):
            continue
        if other_directions(query, name):
            continue
        how = (
            "same"
            if query == name
            else "place"
            if same_place(query, name)
            else "direction"
            if same_direction(query, name)
            else "spelling"
        )
        if how == "spelling" and same_consonants(query, name):
            similarity, how = max(similarity, SAME_CONSONANTS), "consonants"
        elif how == "spelling" and sound_alike(query, name):
            similarity, how = max(similarity, SOUND_ALIKE), "sound"
        if similarity < WORD_CLIFF:
            continue
        generic = word_kind(query) == word_kind(name) == "generic"
        if how == "spelling" and generic and similarity < GENERIC_CLOSE:
            continue
        if how == "spelling":
            similarity = max(0.0, 1 - (1 - similarity) * SPELLING_STRICTNESS)
        used_query.add(i)
        used_name.add(j)
        pairs.append(WordPair(query, name, similarity, how))
    return pairs


def left_over(words: list[str], taken: list[str]) -> list[str]:
    """The words not taken by a pair, in order (a word taken n times leaves its first
    occurrences but n)."""
    dropped, left = list(taken), []
    for word in reversed(words):
        if word in dropped:
            dropped.remove(word)
        else:
            left.append(word)
    return left[::-1]


def unpaired(query_words: list[str], name_words: list[str], pairs: list[WordPair]) -> list[str]:
    """The words of both names that no pair took, the query's first."""
    taken_query, taken_name = [p.query for p in pairs], [p.name for p in pairs]
    return left_over(query_words, taken_query) + left_over(name_words, taken_name)


def one_name_within(query_words: list[str], name_words: list[str], pairs: list[WordPair]) -> bool:
    """Whether every word of one name found its partner, closely, in the other (the other only
    has more words: "Boris Johnson" / "Alexandre Boris de Pfeffel Johnson"), rather than both
    having words the other lacks or spells differently ("Kim Jong Man" / "Kim Jong Sik"). One
    word found in a longer name is not enough when the longer name adds a distinctive word
    ("Shabab" in "Shabab Al-Ordon Club"), but is with generic words ("Faberlic Europe LLC")."""
    if any(p.score < WITHIN_PAIR for p in pairs):
        return False
    sides = (
        left_over(query_words, [p.query for p in pairs]),
        left_over(name_words, [p.name for p in pairs]),
    )
    if all([w for w in side if word_kind(w) != "small"] for side in sides):
        return False  # both names have words the other lacks
    extra = {word_kind(w) for w in sides[0] + sides[1]}
    return sum(word_kind(p.query) != "small" for p in pairs) >= 2 or not extra & {
        "distinctive",
        "number",
    }


def code_like(word: str) -> bool:
    """Whether a word ending a name reads as a branch's code: a small word (an article never ends
    a name: the "wa" of "ISIS-WA" is West Africa) or a distinctive word of three letters at most
    ("ISIS-GS", "ISIS-DRC")."""
    kind = word_kind(word)
    return kind == "small" or (kind == "distinctive" and len(word) <= CODE_WORD_LETTERS)


def qualifies(word: str) -> bool:
    """Whether a word one name has beyond the other makes it another body's name: a number
    ("Brigade 44"), or a `QUALIFIERS` word."""
    return word.isdigit() or word in QUALIFIERS


def words_score(query_words: list[str], name_words: list[str], pairs: list[WordPair]) -> float:
    """The paired words' similarity over all words, each word weighted by its length and kind
    (`KIND_WEIGHTS`: an unpaired distinctive word costs more than an unpaired generic one); when
    one name lies within the other, the other's extra words cost `EXTRA_WORDS` as much, but
    numbers, `QUALIFIERS` (as much as a distinctive word) and places the registry's name adds
    (a branch elsewhere: "Al-Qaeda in Iraq" is not "al-Qaeda", "Al-Shabaab in Mozambique" not
    al-Shabaab; but a company's, `COMPANY_WORDS`, names a subsidiary), and a place the query
    adds to a distinctive word costs `ADDED_PLACE`."""
    total = sum(map(weight, query_words)) + sum(map(weight, name_words))
    paired = sum((weight(p.query) + weight(p.name)) * p.score for p in pairs)
    # a short word ending the registry's name that the query lacks is a branch's code ("ISIS-WA",
    # "ISIS-GS"): it costs as a number does, in full
    left = left_over(name_words, [p.name for p in pairs])
    ends = name_words[-1:] if len(name_words) > 1 else []
    codes = {w for w in ends if w in left and code_like(w)}
    total += sum(max(len(w), NUMBER_LETTERS) - weight(w) for w in codes)
    if one_name_within(query_words, name_words, pairs):
        added = left_over(query_words, [p.query for p in pairs])
        beyond = left_over(name_words, [p.name for p in pairs])
        # a place the name adds, with its "in", "of", in full: a branch, designated apart; but
        # not a company's ("Faberlic Europe Sp. z o.o."), a subsidiary of the same group
        company = any(w in COMPANY_WORDS for w in query_words + name_words)
        placed = not company and any(word_kind(w) == "place" for w in beyond)
        extra = added + [w for w in beyond if not placed or word_kind(w) not in ("place", "small")]
        extra = [w for w in extra if w not in codes]
        total -= sum(weight(w) * (1 - EXTRA_WORDS) for w in extra if not qualifies(w))
        total += sum(len(w) - weight(w) for w in extra if w in QUALIFIERS)
        if any(p.distinctive for p in pairs):  # not "Islamic State" in "Islamic State Sahel"
            places = [w for w in added if word_kind(w) == "place"]
            total -= sum(weight(w) * (EXTRA_WORDS - ADDED_PLACE) for w in places)
    return paired / total if total else 0.0


def lacks_distinctive_pair(
    query_words: list[str], name_words: list[str], pairs: list[WordPair]
) -> bool:
    """No two distinctive words (or numbers) pair, and either name has one, or a word other than
    a small one is left unpaired or is only spelled alike. A place added to a whole name says
    where the body is ("Colombia's National Liberation Army"): it is not a word the names lack."""
    if any(p.distinctive for p in pairs):
        return False
    if any(p.how == "spelling" for p in pairs):
        return True
    if placed_name(query_words, name_words, pairs) and one_name_within(
        query_words, name_words, pairs
    ):
        return False
    kinds = {word_kind(w) for w in query_words + name_words}
    left = {word_kind(w) for w in unpaired(query_words, name_words, pairs)}
    if one_name_within(query_words, name_words, pairs):
        left.discard("place")
    return bool(kinds & {"distinctive", "number"}) or bool(left - {"small"})


def placed_name(query_words: list[str], name_words: list[str], pairs: list[WordPair]) -> bool:
    """Whether the paired words, `PLACED_WORDS` at least but small ones, name a place (the same
    word, or two words of one place) among generic words, and neither name adds a distinctive
    word ("Pakistan Muslim League" is not "Milli Muslim League Pakistan")."""
    placed = any(p.how in ("same", "place") and word_kind(p.query) == "place" for p in pairs)
    added = {word_kind(w) for w in unpaired(query_words, name_words, pairs)}
    return (
        placed
        and sum(word_kind(p.query) != "small" for p in pairs) >= PLACED_WORDS
        and not added & {"distinctive", "number"}
    )


def describe(pairs: list[WordPair], query_words: list[str], name_words: list[str]) -> str:
    shown = []
    for p in pairs:
        if p.how == "same":
            shown.append(p.query)
        elif p.how == "place":
            shown.append(f"{p.query}~{p.name} (one place)")
        elif p.how == "direction":
            shown.append(f"{p.query}~{p.name} (one direction)")
        elif p.how == "sound":
            shown.append(f"{p.query}~{p.name} (sound alike: {phonetic_code(p.query)})")
        elif p.how == "consonants":
            shown.append(f"{p.query}~{p.name} (same consonants: {consonants(p.query)})")
        else:
            shown.append(f"{p.query}~{p.name} ({p.score:.2f})")
    left = unpaired(query_words, name_words, pairs)
    text = "words paired: " + ", ".join(shown) if shown else "no word pairs"
    if left:
        text += "; unpaired: " + ", ".join(left)
        if one_name_within(query_words, name_words, pairs):
            text += " (one name lies within the other: its extra words count half)"
    in_query_order = sorted(pairs, key=lambda p: query_words.index(p.query))
    order = [name_words.index(p.name) for p in in_query_order]
    if order != sorted(order):
        text += "; in another order"
    weak = sorted({w for w in query_words + name_words if word_kind(w) in ("generic", "place")})
    if weak:
        text += "; counting less (generic words and places): " + ", ".join(weak)
    return text


def transliterated(text: str) -> bool:
    """Whether the name is written in letters anyascii had to transliterate (not Latin)."""
    return any(ord(c) > 0x24F and c.isalpha() for c in text)


def aligned_words(
    query_words: list[str], name_words: list[str], exact: bool = False
) -> tuple[list[str], list[str], str, list[WordPair], float]:
    """Both names' words, two neighbouring words of the name with more words read as one when
    that pairs better ("hizb allah" / "hezbollah": split or joined differently), the two words
    joined ("" when none were), their pairs and their `words_score`. Two words are read as one
    only when together they are `JOINED_CLOSE` alike to a word of the other name, and more alike
    than either alone, and never with the small word after them ("al", "ul": an article belongs
    to the word it leads). `exact`: words pair only with the same word, and none
    are read as one."""
    pairs = paired_words(query_words, name_words, exact)
    best = words_score(query_words, name_words, pairs)
    found = (query_words, name_words, "", pairs, best)
    if exact or len(query_words) == len(name_words):
        return found
    longer = query_words if len(query_words) > len(name_words) else name_words
    for i in range(len(longer) - 1):
        if longer[i].isdigit() or longer[i + 1].isdigit():
            continue
        if word_kind(longer[i + 1]) == "small":
            continue  # an article leads the word after it: "ansar al-sharia" is not "ansaral"
        joined = longer[i] + longer[i + 1]
        other = name_words if longer is query_words else query_words
        alike = max(word_similarity(joined, o) for o in other)
        alone = max(word_similarity(w, o) for o in other for w in longer[i : i + 2])
        if alike < JOINED_CLOSE or alike <= alone:
            continue
        merged = [*longer[:i], joined, *longer[i + 2 :]]
        q, n = (merged, name_words) if longer is query_words else (query_words, merged)
        pairs = paired_words(q, n)
        score = words_score(q, n, pairs)
        if score > best:
            best, found = score, (q, n, f"{longer[i]} {longer[i + 1]}", pairs, score)
    return found


def initials(words: list[str]) -> set[str]:
    """The name's initials, with and without each of its small words ("Abu Sayyaf Group": asg;
    "Al-Qaida in the Indian Subcontinent": aqis, aqitis...)."""
    if len(words) < 2 or len(words) > 8:
        return set()
    found = {""}
    for word in words:
        first = {f + word[0] for f in found}
        found = first | found if word_kind(word) == "small" else first
    return {f for f in found if len(f) >= ACRONYM_LETTERS}


def acronym(query_words: list[str], name_words: list[str]) -> tuple[str, float]:
    """The acronym, when one name is one word made of the other's initials, and what it scores
    (`INITIALS` when the query is the acronym, `INITIALS_OF_QUERY` when the name is), else
    ("", 0)."""
    for short, long, score in (
        (query_words, name_words, INITIALS),
        (name_words, query_words, INITIALS_OF_QUERY),
    ):
        if len(short) == 1 and not short[0].isdigit() and short[0] in initials(long):
            return short[0], score
    return "", 0.0


def compare_names(query: str, name: str, exact: bool = False) -> NameScore:
    """How alike `query` (as typed) and `name` (a registry name or alias) are; `exact`: the
    name's words are met only as written (an acronym, `compare_acronym`)."""
    query_key, name_key = search_key(query), search_key(name)
    if not query_key or not name_key:
        return NameScore(name, 0.0)
    if query_key == name_key:
        return NameScore(name, 1.0, partial(same_key_reasons, query, name, name_key))
    query_words, name_words = compared_words(query), compared_words(name)
    said = press_words(query_words, name_words)
    query_words = [w for w in query_words if w not in said]
    short, initials_score = acronym(query_words, name_words)
    query_words, name_words, joined, pairs, best = aligned_words(query_words, name_words, exact)
    lacking = not short and lacks_distinctive_pair(query_words, name_words, pairs)
    if short:
        score = max(best, initials_score)
    elif lacking:
        score = min(best * NO_DISTINCTIVE_PAIR, 1.0)
    else:
        score = min(best, 1.0)
    if said:
        score = min(score, PRESS_WORDS_SCORE)
    kind = other_kind(query_words, name_words)
    if kind:
        score *= OTHER_KIND
    kinds = "" if short else kinds_apart(query_words, name_words, pairs)
    if kinds:
        score *= OTHER_BODY_KIND
    reasons = partial(
        word_reasons,
        query,
        name,
        query_words,
        name_words,
        joined,
        pairs,
        best,
        (short, initials_score),
        lacking,
    )
    consonants, same = ("", 0.0) if exact else same_consonant_key(query, name)
    if consonants and score < same:
        reasons = partial(consonant_reasons, query, name, consonants, same)
        score = same
    return NameScore(name, score, partial(with_kind, reasons, kind, kinds, said))


def press_words(query_words: list[str], name_words: list[str]) -> tuple[str, ...]:
    """The `PRESS_WORDS` the query adds to the name ("members" in "ISIS members"), and a generic
    word one of them qualifies ("terrorist organization" in "ISIS terrorist organization"), when
    it says more than them."""
    said = tuple(w for w in query_words if w in PRESS_WORDS and w not in name_words)
    said += tuple(
        w
        for before, w in zip(query_words, query_words[1:], strict=False)
        if before in said and word_kind(w) == "generic" and w not in name_words + list(said)
    )
    told = [w for w in query_words if w not in said and word_kind(w) != "small"]
    return said if told else ()


def same_consonant_key(query: str, name: str) -> tuple[str, float]:
    """The consonant key a query in Arabic or Hebrew script shares with a name, and the score
    it is worth (`SAME_CONSONANT_KEY` and after), else ("", 0)."""
    other = consonant_key(search_key(name))
    best: tuple[str, float] = ("", 0.0)
    for i, reading in enumerate(consonant_readings(query)):
        same = SAME_CONSONANT_KEY if i == 0 else SHORTER_CONSONANT_KEY
        h_less = reading.removesuffix("h") if feminine_ending(query) else reading
        if len(reading) >= CONSONANT_KEY_LETTERS and other in (reading, h_less):
            best = max(best, (other, same), key=lambda b: b[1])
        elif len(reading) >= CONSONANT_PREFIX_LETTERS and reading in first_words_keys(name):
            best = max(best, (reading, CONSONANT_KEY_START), key=lambda b: b[1])
    return best


@lru_cache(maxsize=8192)  # pure, and a candidate's names come back query after query
def first_words_keys(name: str) -> frozenset[str]:
    """The consonant keys of the name's first words, one word, two words... ("Abdallah Azzam
    Brigades": "bdlh", "bdlhzm"): a query's consonants begin a name only where a word of it
    ends, not within a word ("bdlhz" does not begin "Abdallah Azzam"), and only when the words
    after them say what kind of body it is or where, with no distinctive word: "حزب العمال"
    (a workers' party) does not begin the PKK's "حزب العمال الكردستاني"."""
    words = folded_words(name).split()
    return frozenset(
        consonant_key(search_key(" ".join(words[:i])))
        for i in range(1, len(words))
        if all(word_kind(w) in ("small", "generic", "place") for w in words[i:])
    )


def consonant_reasons(
    query: str, name: str, consonants: str, score: float
) -> tuple[Explanation, ...]:
    how = "are those" if score > CONSONANT_KEY_START else "begin those"
    without = " (without its first words, which say what kind of body it is)"
    detail = (
        f'"{query}" is written in a script that leaves out short vowels; its consonants'
        f'{without if score == SHORTER_CONSONANT_KEY else ""} {how} of "{name}" '
        f'("{consonants}", with v b p, q k, g j and t h read alike)'
    )
    return (Explanation("consonants", score, detail),)


def other_kind(query_words: list[str], name_words: list[str]) -> str:
    """The query's first word naming a body of another kind (`OTHER_KINDS`) that the name lacks,
    else "": "fc" for "Al-Shabab FC" against "al-Shabab"."""
    return next((w for w in query_words if w in OTHER_KINDS and w not in name_words), "")


def kinds_apart(query_words: list[str], name_words: list[str], pairs: list[WordPair]) -> str:
    """ "league / army" when each name has a generic word the other lacks (no place among the
    words left over, which say where rather than what), else ""."""
    sides = (
        left_over(query_words, [p.query for p in pairs]),
        left_over(name_words, [p.name for p in pairs]),
    )
    if any(word_kind(w) == "place" for side in sides for w in side):
        return ""
    generic = [[w for w in side if word_kind(w) == "generic"] for side in sides]
    return " / ".join(side[0] for side in generic) if all(generic) else ""


def with_kind(
    reasons: Callable[[], tuple[Explanation, ...]],
    kind: str,
    kinds: str = "",
    said: tuple[str, ...] = (),
) -> tuple[Explanation, ...]:
    found = reasons()
    if said:
        detail = (
            f"left out, the press's words for a group or its people: {', '.join(said)} "
            f"(the name then scores {PRESS_WORDS_SCORE} at most)"
        )
        found = (*found, Explanation("press_words", PRESS_WORDS_SCORE, detail))
    if kind:
        detail = (
            f'the query names a body of a kind no terrorism list designates ("{kind}": a club, '
            f"a school, a hospital...), which the name does not: score x {OTHER_KIND}"
        )
        found = (*found, Explanation("other_kind", OTHER_KIND, detail))
    if kinds:
        detail = f'the names say two kinds of body ("{kinds}"): score x {OTHER_BODY_KIND}'
        found = (*found, Explanation("other_body_kind", OTHER_BODY_KIND, detail))
    return found


def same_key_reasons(query: str, name: str, key: str) -> tuple[Explanation, ...]:
    detail = (
        f'"{query}" and "{name}" have the same key "{key}"{script_note(query, name)} '
        "(case, accents, spaces and punctuation ignored)"
    )
    return (Explanation("same_key", 1.0, detail),)


def word_reasons(
    query: str,
    name: str,
    query_words: list[str],
    name_words: list[str],
    joined: str,
    pairs: list[WordPair],
    best: float,
    initials: tuple[str, float],
    lacking: bool,
) -> tuple[Explanation, ...]:
    """The reasons `compare_names` gives for names compared word by word."""
    detail = describe(pairs, query_words, name_words) + script_note(query, name)
    if joined:
        detail += f'; "{joined}" read as one word'
    explanations = [Explanation("words", best, detail)]
    short, score = initials
    if short:
        explanations.append(initials_reason(query, name, short, score))
    elif lacking:
        detail = (
            "no distinctive word in common (what the names share is generic words, places or "
            f"nothing): score x {NO_DISTINCTIVE_PAIR}"
        )
        explanations.append(Explanation("no_distinctive_pair", NO_DISTINCTIVE_PAIR, detail))
    return tuple(explanations)


def initials_reason(query: str, name: str, short: str, score: float) -> Explanation:
    if score == INITIALS:
        detail = f'"{short}" is made of the initials of "{folded_words(name)}"'
    else:
        detail = (
            f'the initials of "{folded_words(query)}" spell "{short}", which stands for many '
            "names: shown, not a match alone"
        )
    return Explanation("initials", score, detail)


def script_note(query: str, name: str) -> str:
    return " after transliteration" if transliterated(query) or transliterated(name) else ""


@lru_cache(maxsize=1024)
def readings(query: str) -> tuple[str, ...]:
    """The ways to read a query: as typed and, when it holds a bracketed part
    (registry/normalize.py), the name beside the brackets and each part alone: the list may
    hold either ("Balochistan Liberation Army (BLA)", "National Liberation Army (Colombia)")."""
    outside, inside = name_parts(query)
    if not search_key(outside) or not inside:
        return (query,)
    return (query, outside, *inside)


# A weak alias's score is multiplied by this: 1.0 becomes 0.75, under the default threshold (0.8),
# so a name that only a weak alias holds is shown, never matched.
WEAK_ALIAS = 0.75
# The kinds of alias (registry/models: Alias.Kind) compared apart from other names.
WEAK, ACRONYM = "weak", "acronym"


def compare_name(query: str, name: str, kind: str = "") -> NameScore:
    """`compare_names`, or `compare_acronym` for an alias of kind `ACRONYM`; a weak alias's score
    times `WEAK_ALIAS`. `kind`: the alias's kind, "" for a primary name."""
    named = compare_acronym(query, name) if kind == ACRONYM else compare_names(query, name)
    if kind != WEAK or not named.score:
        return named
    score = named.score * WEAK_ALIAS
    return NameScore(name, score, partial(weak_alias, score, named))


def compare_acronym(query: str, name: str) -> NameScore:
    """An acronym the registry records ("AQI", "HAMMS", "ISIS-L") is letters, not a word: one
    letter off spells another acronym ("AQIS", "HAMAS", "ISIS-K"), so its words are met only as
    written ("MS-13 gang", "CV gang Brazil"), or by the query's initials."""
    return compare_names(query, name, exact=True)


def weak_alias(score: float, named: NameScore) -> tuple[Explanation, ...]:
    detail = (
        f'"{named.name}" is a weak alias (a low-quality a.k.a., not matched alone): x {WEAK_ALIAS}'
    )
    return (*named.explanations, Explanation("weak_alias", score, detail))


def best_name(query: str, names: list[str], kinds: Mapping[str, str] | None = None) -> NameScore:
    """The organization's name (or alias) closest to `query`, read each of its ways
    (`readings`); the first of equal scores. `kinds`: the kind of those of `names` that are weak
    aliases or acronyms (`WEAK`, `ACRONYM`)."""
    kinds = kinds or {}
    owned = owned_reading(query, names, kinds)
    scores = [
        (compare_name(reading, name, kinds.get(name, "")), reading)
        for reading in (*readings(query), *owned)
        for name in names
    ]
    whole = (query, *owned)  # what the owner's name confirms is read in full
    best, reading = max(
        scores,
        key=lambda s: s[0].score * (1.0 if s[1] in whole else PART_READ),
        default=(NameScore("", 0.0), query),
    )
    if reading == query:
        return best
    if reading in owned:
        return NameScore(best.name, best.score, partial(owned_as, query, reading, best))
    score = best.score * PART_READ
    return NameScore(best.name, score, partial(read_as, query, reading, score, best))


def owned_reading(query: str, names: list[str], kinds: Mapping[str, str]) -> tuple[str, ...]:
    """What a query "X's Y" says X has, Y, when X is one of these names (`OWNER_ALIKE`):
    "Hezbollah's Islamic Jihad Organization" for Hizballah, whose alias is the Islamic Jihad
    Organization. Another organization's Y is not read so: its names are not X."""
    possessive = POSSESSIVE.search(query)
    if not possessive:
        return ()
    owner, owned = query[: possessive.start()], query[possessive.end() :]
    if not search_key(owner) or not search_key(owned):
        return ()
    return (owned,) if best_name(owner, names, kinds).score >= OWNER_ALIKE else ()


def owned_as(query: str, reading: str, named: NameScore) -> tuple[Explanation, ...]:
    detail = f'"{query}" read as "{reading}": what is before the possessive is one of its names'
    return (Explanation("possessive", named.score, detail), *named.explanations)


def read_as(query: str, reading: str, score: float, named: NameScore) -> tuple[Explanation, ...]:
    detail = (
        f'"{query}" read as "{reading}" (what is in brackets is compared apart): '
        f"score x {PART_READ}"
    )
    return (Explanation("reading", score, detail), *named.explanations)


def country_adjustment(
    country: str | None, countries: list[str]
) -> tuple[float, Explanation | None]:
    """How the query's country moves the score: up when the organization is linked to it, down
    when it is linked only to others, unmoved when either side names none."""
    if not country:
        return 0.0, None
    if not countries:
        detail = f"{country} asked; no country is recorded for the organization: score unmoved"
        return 0.0, Explanation("country", 0.0, detail)
    if country in countries:
        detail = f"{country} is among its countries ({', '.join(countries)}): +{COUNTRY_AGREES}"
        return COUNTRY_AGREES, Explanation("country", COUNTRY_AGREES, detail)
    detail = f"{country} is not among its countries ({', '.join(countries)}): -{COUNTRY_DIFFERS}"
    return -COUNTRY_DIFFERS, Explanation("country", -COUNTRY_DIFFERS, detail)


@dataclass(frozen=True)
class OrganizationScore:
    score: float  # in [0, 1]
    named: NameScore  # its best name
    country: Explanation | None  # how the country moved the score, when a country was asked
    capped: Explanation | None = None  # why another candidate's name lowered it (`as_written`)

    @property
    def explanations(self) -> list[Explanation]:
        """Every reason for the score, best name first."""
        best = Explanation("name", self.named.score, f'best of its names: "{self.named.name}"')
        moved = [e for e in (self.country, self.capped) if e]
        return [best, *self.named.explanations, *moved]


def as_written(query: str, scored: list[tuple[int, OrganizationScore]]) -> list:
    """The candidates' scores (id, score), where one candidate has the query among its names as
    written (the same key): then a candidate met only through the initials of its name scores
    `INITIALS_OF_QUERY` at most, shown, never a match alone ("AQIM" is al-Qa'ida in the Islamic
    Maghreb's acronym, not the initials of ISIS's "Al-Qaida in Mesopotamia"); the query is read
    without the press's words it adds too ("ISIS members": ISIS, not the initials of "Islamic
    State in the Sinai")."""
    words = compared_words(query)
    told = [w for w in words if w not in press_words(words, [])]
    keys = {search_key(query), search_key(" ".join(told))}
    if not any(search_key(result.named.name) in keys for _, result in scored):
        return scored
    capped = []
    for pk, result in scored:
        named = result.named
        initials = [e for e in named.explanations if e.feature == "initials"]
        if initials and initials[0].score == named.score and result.score > INITIALS_OF_QUERY:
            detail = (
                f'"{query}" is the name of another candidate as written: not read as the '
                f"initials of this one's: {INITIALS_OF_QUERY} at most"
            )
            why = Explanation("initials_of_another", INITIALS_OF_QUERY, detail)
            result = OrganizationScore(INITIALS_OF_QUERY, named, result.country, why)
        capped.append((pk, result))
    return capped


def names_a_country(query: str) -> bool:
    """Whether a word of the query names a country ("salvadoran"; `PLACE_COUNTRY`)."""
    return any(w in PLACE_COUNTRY for w in folded_words(query).split())


def score_organization(
    query: str,
    country: str | None,
    names: list[str],
    countries: list[str],
    kinds: Mapping[str, str] | None = None,
) -> OrganizationScore:
    """The organization's score for the query, its best name, and the reasons (`kinds`: the kind
    of those of its names that are weak aliases or acronyms, `best_name`). A word of the query
    naming one of the organization's countries ("MS-13 gang El Salvador") may be read as its
    country rather than as a word of its name (`PLACE_COUNTRY`): the better reading counts."""
    named = best_name(query, names, kinds)
    moved, why = country_adjustment(country, countries)
    words = folded_words(query).split()
    places = [w for w in words if PLACE_COUNTRY.get(w) in countries]
    rest = " ".join(w for w in words if w not in places)
    if places and rest:
        plain = best_name(rest, names, kinds)
        if plain.score > named.score:
            named = plain
            if not country:
                said = ", ".join(f'"{w}" ({PLACE_COUNTRY[w]})' for w in places)
                detail = f"{said} read as its country, among its countries: +{COUNTRY_AGREES}"
                moved, why = COUNTRY_AGREES, Explanation("country", COUNTRY_AGREES, detail)
    elif not country and not places and countries:
        moved, why = other_country(words, names, countries)
    score = max(0.0, min(1.0, named.score + moved)) if named.score else 0.0
    return OrganizationScore(round(score, 4), named, why)


def other_country(
    words: list[str], names: list[str], countries: list[str]
) -> tuple[float, Explanation | None]:
    """A query word naming a country (`PLACE_COUNTRY`) that none of the organization's names
    holds and its countries do not hold says the body is another country's: "Chinese People's
    Liberation Army" is not the Shining Path (PE), whose alias is "People's Liberation Army";
    "Egyptian Islamic Jihad" is al-Qa'ida's name, whatever name scores best."""
    named = {word for name in names for word in folded_words(name).split()}
    others = [w for w in words if w in PLACE_COUNTRY and w not in named]
    if not others:
        return 0.0, None
    said = ", ".join(f'"{w}" ({PLACE_COUNTRY[w]})' for w in others)
    detail = (
        f"{said} read as the query's country, not among its countries "
        f"({', '.join(countries)}): -{COUNTRY_DIFFERS}"
    )
    return -COUNTRY_DIFFERS, Explanation("country", -COUNTRY_DIFFERS, detail)
