"""The figures of the evaluation, from scores and labels: no database, no peers (pure functions,
tested in tests/screening/test_eval_harness.py)."""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# The thresholds tried for each algorithm's best F1: 0.50, 0.51, ... 0.99.
THRESHOLDS = [round(0.5 + i / 100, 2) for i in range(50)]


@dataclass(frozen=True)
class Pair:
    """A labelled name pair of nomenklatura's name bench (cases.csv)."""

    schema: str
    name1: str
    name2: str
    is_match: bool


def read_pairs(path: Path) -> list[Pair]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Pair(row["schema"], row["name1"], row["name2"], row["is_match"] == "true")
            for row in csv.DictReader(handle)
        ]


@dataclass(frozen=True)
class ToolScore:
    """A score OFAC's Sanctions List Search tool gave a result for a query (0-100); -1 where
    the result did not appear at the tool's slider of 80 (nomenklatura's test_ofac.py)."""

    query: str
    result: str
    score: int


def read_tool_scores(path: Path) -> list[ToolScore]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            ToolScore(row["query_name"], row["result_name"], int(row["ofac_score"]))
            for row in csv.DictReader(handle)
        ]


def confusion(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> dict:
    """Precision, recall and F1 of `score >= threshold` as the prediction of `labels`."""
    tp = fp = fn = tn = 0
    for score, label in zip(scores, labels, strict=True):
        found = score >= threshold
        tp += found and label
        fp += found and not label
        fn += label and not found
        tn += not found and not label
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "threshold": threshold,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(precision, 6),
        "recall": round(recall, 6),
        "f1": round(f1, 6),
    }


def best_f1(scores: Sequence[float], labels: Sequence[bool], thresholds=THRESHOLDS) -> dict:
    """The threshold of `thresholds` with the highest F1 (the lowest of equal ones)."""
    tried = [confusion(scores, labels, t) for t in thresholds]
    return max(tried, key=lambda c: (c["f1"], -c["threshold"]))


def mean_absolute_error(predicted: Sequence[int], expected: Sequence[int]) -> float:
    deltas = [abs(p - e) for p, e in zip(predicted, expected, strict=True)]
    return round(sum(deltas) / len(deltas), 4) if deltas else 0.0


def share(count: int, total: int) -> float:
    return round(count / total, 6) if total else 0.0
