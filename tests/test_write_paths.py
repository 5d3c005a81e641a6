"""Guards for the audit trail: every registry table keeps history, and no code writes around it.

`queryset.update()`, `bulk_create()` and `bulk_update()` skip django-simple-history; registry code
uses `bulk_create_with_history` / `bulk_update_with_history` or a service instead. A line that
writes its history rows itself says so with a `# history:` comment naming where.
"""

import re
from pathlib import Path

from django.apps import apps

REGISTRY = Path(__file__).resolve().parent.parent / "registry"
BYPASS = re.compile(
    r"objects\.(?:update|bulk_create|bulk_update)\("
    r"|\)\.(?:update|bulk_create|bulk_update)\("
    r"|\bqueryset\.(?:update|bulk_create|bulk_update)\("
)


# Not registry data: a screening answer, written once and never changed (its receipt replays
# it). A history would move the registry's last write (the ETag, screening's data_version) on
# every screening request.
WRITE_ONCE = {"ScreeningRecord"}


def test_every_registry_model_keeps_history():
    models = [
        m
        for m in apps.get_app_config("registry").get_models()
        if not m.__name__.startswith("Historical") and m.__name__ not in WRITE_ONCE
    ]
    assert models
    missing = [m.__name__ for m in models if not hasattr(m, "history")]
    assert missing == []


def test_no_registry_code_writes_around_history():
    offenders = []
    for path in REGISTRY.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if BYPASS.search(line) and "with_history" not in line and "# history:" not in line:
                offenders.append(f"{path.relative_to(REGISTRY.parent)}:{number}: {line.strip()}")
    assert offenders == []
