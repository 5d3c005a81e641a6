"""How alike a typed name and a registry name are: a score in [0, 1] and the reasons for it.

Pure functions, no database. Both names are read through registry/normalize.py (the registry's
one normalization: case, accents and punctuation dropped, other scripts transliterated by
anyascii), then compared, each comparison a feature with its score and a sentence a person can
check:

- `same_key`      the two search keys are equal ("Hizb Allah" / "Hizballah", "MS-13" / "ms 13"): 1;
- `words`         the words paired one to one, closest first (Jaro-Winkler, rapidfuzz; the same
                  Metaphone code, jellyfish, counts as close), weighted by length; an unpaired
                  word counts 0, and order does not matter;
- `jaro_winkler`  when the names have different numbers of words (split or joined differently):
                  Jaro-Winkler on the whole keys, scaled down when one is much longer.

A name's score is `same_key`, or the best of the others. The organization's score is its best
name's, moved by the country (`country_adjustment`). `ALGORITHM` names this recipe; change it when
the recipe changes, since receipts and recorded answers name it. docs/screening.md has the
figures it reaches on labelled pairs.
"""

from dataclasses import dataclass

import jellyfish
from rapidfuzz.distance import JaroWinkler, Levenshtein

from ..normalize import folded_words, search_key

ALGORITHM = "registry-name/1"

# Words: a pair of words less alike than this (Jaro-Winkler) is no pair; a pair with the same
# Metaphone code counts at least SOUND_ALIKE.
WORD_CLIFF = 0.7
SOUND_ALIKE = 0.92
# Whole keys (when the names have different numbers of words) count at this weight.
WHOLE_WEIGHT = 0.95
# A length ratio (shorter / longer key) below this scales Jaro-Winkler down, proportionally.
LENGTH_RATIO_FREE = 0.8
# Country: a query's country among the organization's adds this; not among them subtracts this.
COUNTRY_AGREES = 0.03
COUNTRY_DIFFERS = 0.10


@dataclass(frozen=True)
class Explanation:
    feature: str
    score: float
    detail: str

    def as_dict(self) -> dict:
        return {"feature": self.feature, "score": round(self.score, 4), "detail": self.detail}


@dataclass(frozen=True)
class NameScore:
    name: str  # the registry's name that was compared
    score: float
    explanations: tuple[Explanation, ...]


def phonetic_code(word: str) -> str:
    """The word's Metaphone code; a word of digits is its own code."""
    return word if word.isdigit() else jellyfish.metaphone(word)


@dataclass(frozen=True)
class WordPair:
    query: str
    name: str
    score: float
    how: str  # "same", "spelling", "sound"


def paired_words(query_words: list[str], name_words: list[str]) -> list[WordPair]:
    """The words of both names paired one to one, the closest pairs first (Jaro-Winkler; a pair
    with the same Metaphone code counts `SOUND_ALIKE` at least); a word with no partner at
    `WORD_CLIFF` or more stays unpaired."""
    candidates = sorted(
        (
            (JaroWinkler.similarity(q, n), i, j)
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
        how = "same" if query == name else "spelling"
        if how != "same" and phonetic_code(query) == phonetic_code(name):
            similarity, how = max(similarity, SOUND_ALIKE), "sound"
        if similarity < WORD_CLIFF:
            continue
        used_query.add(i)
        used_name.add(j)
        pairs.append(WordPair(query, name, similarity, how))
    return pairs


def words_score(query_words: list[str], name_words: list[str], pairs: list[WordPair]) -> float:
    """The paired words' similarity, weighted by their lengths, over the length of all words
    (an unpaired word counts 0)."""
    total = sum(map(len, query_words)) + sum(map(len, name_words))
    paired = sum((len(p.query) + len(p.name)) * p.score for p in pairs)
    return paired / total if total else 0.0


def describe(pairs: list[WordPair], query_words: list[str], name_words: list[str]) -> str:
    shown = []
    for p in pairs:
        if p.how == "same":
            shown.append(p.query)
        elif p.how == "sound":
            shown.append(f"{p.query}~{p.name} (sound alike: {phonetic_code(p.query)})")
        else:
            shown.append(f"{p.query}~{p.name} ({p.score:.2f})")
    unpaired = [w for w in query_words if w not in {p.query for p in pairs}]
    unpaired += [w for w in name_words if w not in {p.name for p in pairs}]
    text = "words paired: " + ", ".join(shown) if shown else "no word pairs"
    if unpaired:
        text += "; unpaired: " + ", ".join(unpaired)
    in_query_order = sorted(pairs, key=lambda p: query_words.index(p.query))
    order = [name_words.index(p.name) for p in in_query_order]
    if order != sorted(order):
        text += "; in another order"
    return text


def transliterated(text: str) -> bool:
    """Whether the name is written in letters anyascii had to transliterate (not Latin)."""
    return any(ord(c) > 0x24F and c.isalpha() for c in text)


def compare_names(query: str, name: str) -> NameScore:
    """How alike `query` (as typed) and `name` (a registry name or alias) are."""
    query_key, name_key = search_key(query), search_key(name)
    query_words, name_words = folded_words(query).split(), folded_words(name).split()
    script = " after transliteration" if transliterated(query) or transliterated(name) else ""
    if not query_key or not name_key:
        return NameScore(name, 0.0, ())
    if query_key == name_key:
        detail = (
            f'"{query}" and "{name}" have the same key "{name_key}"{script} '
            "(case, accents, spaces and punctuation ignored)"
        )
        return NameScore(name, 1.0, (Explanation("same_key", 1.0, detail),))

    pairs = paired_words(query_words, name_words)
    best = words_score(query_words, name_words, pairs)
    detail = describe(pairs, query_words, name_words) + script
    explanations = [Explanation("words", best, detail)]
    if len(query_words) != len(name_words):
        # words split or joined differently ("Hizb Allah" / "Hizballah"): the whole keys
        jaro = JaroWinkler.similarity(query_key, name_key)
        ratio = min(len(query_key), len(name_key)) / max(len(query_key), len(name_key))
        whole = jaro * min(1.0, ratio / LENGTH_RATIO_FREE) * WHOLE_WEIGHT
        edits = Levenshtein.distance(query_key, name_key)
        detail = f'keys "{query_key}" and "{name_key}": {edits} edit(s) apart'
        if ratio < LENGTH_RATIO_FREE:
            detail += f", scaled by the length ratio {ratio:.2f}"
        explanations.append(Explanation("jaro_winkler", whole, detail))
        best = max(best, whole)
    return NameScore(name, min(best, 1.0), tuple(explanations))


def best_name(query: str, names: list[str]) -> NameScore:
    """The organization's name (or alias) closest to `query`; the first of equal scores."""
    scores = [compare_names(query, name) for name in names]
    return max(scores, key=lambda s: s.score, default=NameScore("", 0.0, ()))


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


def score_organization(
    query: str, country: str | None, names: list[str], countries: list[str]
) -> tuple[float, NameScore, list[Explanation]]:
    """The organization's score for the query (in [0, 1]), its best name, and every reason."""
    named = best_name(query, names)
    moved, why = country_adjustment(country, countries)
    score = max(0.0, min(1.0, named.score + moved)) if named.score else 0.0
    reasons = [
        Explanation("name", named.score, f'best of its names: "{named.name}"'),
        *named.explanations,
    ]
    if why:
        reasons.append(why)
    return round(score, 4), named, reasons
