"""The peers' scores: nomenklatura's `logic-v2` and `ofac` algorithms, run ONLY in the evaluation's
own virtualenv (var/eval-venv, `make eval-match`), never in the registry's: the harness
(bench/eval_match/) starts this file as a subprocess with that venv's python.

    var/eval-venv/bin/python bench/eval_match/peers.py < requests.jsonl > answers.jsonl

One JSON object a line in, one a line out, in the same order:

    {"op": "versions"}                          -> {"nomenklatura": "4.17.4", ...}
    {"op": "pair", "schema": "Person", "a": "..", "b": ".."}
                                                -> {"logic-v2": 0.93, "ofac": 0.88}
    {"op": "index", "organizations": [{"id": 7, "name": "..", "names": ["..", ..]}, ..]}
                                                -> {"indexed": 122}
    {"op": "rank", "name": "..", "hide": {"organization": 7, "name": ".."} or null, "top": 5,
     "expected": 7 or null}                     -> {"logic-v2": {"top": [[7, 0.91], ..],
                                                    "expected": 0.91}, "ofac": {..}}

A pair is scored as nomenklatura's own name bench scores its cases (contrib/name_bench): two
entities of the case's schema holding one `name` each, compared with the algorithm's default
configuration. A rank compares the name, as an Organization, with every indexed organization (an
Organization holding all its names; with `hide`, that organization without the hidden name) and
returns the best `top`, ordered as the registry orders its results (score, then name, then id),
and the score of the `expected` organization wherever it ranks.
This file imports nothing from the registry, and the registry imports nothing from here.
"""

import json
import sys
from importlib.metadata import version

from followthemoney import ValueEntity, model
from nomenklatura.matching import LogicV2, OFACMatcher

ALGORITHMS = {"logic-v2": LogicV2, "ofac": OFACMatcher}
CONFIGS = {key: algorithm.default_config() for key, algorithm in ALGORITHMS.items()}


def entity(schema: str, key: str, names: list[str]) -> ValueEntity:
    """An entity holding only names. logic-v2 memoizes each entity's analysed names by its id
    (logic_v2/names/analysis.py), so every distinct set of names gets a distinct `key`."""
    proxy = ValueEntity(model.get(schema), {"id": key})
    for name in names:
        proxy.add("name", name)
    return proxy


def score(algorithm: str, query: ValueEntity, candidate: ValueEntity) -> float:
    found = ALGORITHMS[algorithm].compare(query, candidate, CONFIGS[algorithm])
    return round(float(found.score), 4)


class Peers:
    def __init__(self) -> None:
        self.organizations: dict[int, dict] = {}
        self.entities: dict[int, ValueEntity] = {}
        self.queries = 0

    def versions(self) -> dict:
        found = {p: version(p) for p in ("nomenklatura", "followthemoney", "rigour")}
        return {**found, "python": sys.version.split()[0]}

    def pair(self, request: dict) -> dict:
        self.queries += 1
        a = entity(request["schema"], f"q{self.queries}", [request["a"]])
        b = entity(request["schema"], f"r{self.queries}", [request["b"]])
        return {key: score(key, a, b) for key in ALGORITHMS}

    def index(self, request: dict) -> dict:
        self.organizations = {o["id"]: o for o in request["organizations"]}
        self.entities = {
            pk: entity("Organization", f"org{pk}", o["names"])
            for pk, o in self.organizations.items()
        }
        return {"indexed": len(self.entities)}

    def rank(self, request: dict) -> dict:
        self.queries += 1
        query = entity("Organization", f"q{self.queries}", [request["name"]])
        hide = request.get("hide")
        candidates = dict(self.entities)
        if hide:
            pk = hide["organization"]
            names = self.organizations[pk]["names"]  # the primary name first: it stays
            kept = names[:1] + [n for n in names[1:] if n != hide["name"]]
            candidates[pk] = entity("Organization", f"org{pk}-q{self.queries}", kept)
        expected = request.get("expected")
        answer = {}
        for key in ALGORITHMS:
            scored = [(score(key, query, e), pk) for pk, e in candidates.items()]
            scored.sort(key=lambda s: (-s[0], self.organizations[s[1]]["name"], s[1]))
            answer[key] = {
                "top": [[pk, value] for value, pk in scored[: request.get("top", 5)]],
                "expected": next((value for value, pk in scored if pk == expected), None),
            }
        return answer


def main() -> None:
    peers = Peers()
    operations = {
        "versions": lambda _: peers.versions(),
        "pair": peers.pair,
        "index": peers.index,
        "rank": peers.rank,
    }
    for number, line in enumerate(sys.stdin, 1):
        if number % 500 == 0:
            print(f"peers: {number} requests answered", file=sys.stderr, flush=True)
        if line.strip():
            request = json.loads(line)
            sys.stdout.write(json.dumps(operations[request["op"]](request)) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
