"""One history row per row written, whatever the write path: seeds, an import, a restore."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command

from registry.importers import parse_file
from registry.services.imports import import_list
from tests.factories import OrganizationFactory
from tests.importers.conftest import PAIRS

pytestmark = pytest.mark.django_db


def tracked_models():
    return [
        m
        for m in apps.get_app_config("registry").get_models()
        if hasattr(m, "history") and not m.__name__.startswith("Historical")
    ]


def history_matches_rows(reason_prefix: str) -> None:
    """Every row now in the registry has exactly one creation record with the path's reason."""
    for model in tracked_models():
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count(), model.__name__
        pk = model._meta.pk.attname
        assert created.values(pk).distinct().count() == created.count(), model.__name__
        reasons = set(created.values_list("history_change_reason", flat=True))
        assert all(r.startswith(reason_prefix) for r in reasons), (model.__name__, reasons)


def test_an_import_writes_one_history_row_per_row():
    import_list(
        parse_file("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv"), as_of=dt.date(2022, 5, 19)
    )
    history_matches_rows("import ofac-sdn-csv sdn_2022-05-19.csv")


def test_seeding_writes_one_creation_row_per_row(seeded_db):
    history_matches_rows("seed: ")


def test_a_restore_brings_back_the_dumps_history_and_writes_none_of_its_own(seeded_db, tmp_path):
    call_command("export_csv", str(tmp_path / "dump"), verbosity=0)
    before = {m.__name__: list(m.history.order_by("history_id").values()) for m in tracked_models()}
    OrganizationFactory(name="Added after the dump")  # replaced, with its history, by --force
    call_command("import_csv", str(tmp_path / "dump"), "--force", verbosity=0)
    after = {m.__name__: list(m.history.order_by("history_id").values()) for m in tracked_models()}
    assert after == before
    history_matches_rows("seed: ")
