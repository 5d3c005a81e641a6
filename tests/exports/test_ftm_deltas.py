"""The delta versions of `manage.py export_ftm` replay to its full export, after the writes a
copy must follow: a real OFAC import that revokes designations, an admin rename, a deletion.

Its own module: the seeds other FtM tests load once per module would already hold those
revocations (the seeds know the real history), and the import would change nothing."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from registry.exports.ftm import organization_id
from registry.models import Designation, Identifier, Organization
from tests.importers.conftest import PAIRS, run_import

from .test_ftm import MAY_19, MAY_20, assert_loads_unchanged, read_entities


def replay(directory: Path) -> dict[str, dict]:
    """What a client holds after applying every version of delta.json in order."""
    index = json.loads((directory / "delta.json").read_text())
    held: dict[str, dict] = {}
    for version, url in index["versions"].items():  # oldest first
        assert url == f"{version}/entities.delta.json"
        for op in read_entities(directory / url):
            if op["op"] == "DEL":
                del held[op["entity"]["id"]]
            else:
                assert (op["entity"]["id"] in held) == (op["op"] == "MOD"), op
                held[op["entity"]["id"]] = op["entity"]
    return held


def assert_replay_is_the_full_export(directory: Path) -> None:
    lines = (directory / "entities.ftm.json").read_text(encoding="utf-8").splitlines()
    replayed = [
        json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in replay(directory).values()
    ]
    assert sorted(replayed) == sorted(lines)  # byte for byte


@pytest.mark.django_db
def test_the_deltas_replay_to_the_full_export_after_an_import_a_rename_and_a_delete(
    tmp_path, staff_client
):
    out = tmp_path / "ftm"
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-19.csv", as_of=MAY_19)
    call_command("export_ftm", out, stdout=io.StringIO())
    assert_replay_is_the_full_export(out)

    # an import that revokes five FTO designations
    run_import("ofac-sdn-csv", PAIRS / "sdn_2022-05-20.csv", as_of=MAY_20)
    call_command("export_ftm", out, stdout=io.StringIO())
    assert_replay_is_the_full_export(out)
    second = sorted(json.loads((out / "delta.json").read_text())["versions"])[-1]
    ops = read_entities(out / second / "entities.delta.json")
    revoked = [o for o in ops if o["entity"].get("properties", {}).get("endDate") == ["2022-05-20"]]
    assert len(revoked) == 5 and {o["op"] for o in revoked} == {"MOD"}

    # an analyst renames an organization in the admin; another is deleted
    organization = Identifier.objects.get(scheme="ofac-ent-num", value="4691").organization
    empty = {
        f"{prefix}-{key}": value
        for prefix in ("aliases", "country_links", "identifiers", "designations")
        for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
    }
    response = staff_client.post(
        reverse("admin:registry_organization_change", args=[organization.pk]),
        {"name": "Renamed In The Admin", "slug": organization.slug, "kind": "armed_group", **empty},
    )
    assert response.status_code == 302
    gone = Organization.objects.exclude(pk=organization.pk).order_by("pk").first()
    gone_ids = {organization_id(gone.pk)}
    Designation.objects.filter(organization=gone).delete()
    gone.delete()
    call_command("export_ftm", out, stdout=io.StringIO())
    assert_replay_is_the_full_export(out)
    third = sorted(json.loads((out / "delta.json").read_text())["versions"])[-1]
    ops = read_entities(out / third / "entities.delta.json")
    renamed = next(o for o in ops if o["entity"]["id"] == organization_id(organization.pk))
    assert renamed["op"] == "MOD" and renamed["entity"]["properties"]["name"] == [
        "Renamed In The Admin"
    ]
    assert gone_ids <= {o["entity"]["id"] for o in ops if o["op"] == "DEL"}
    assert_loads_unchanged(read_entities(out / "entities.ftm.json"))

    # a run with nothing written adds an empty version
    call_command("export_ftm", out, stdout=io.StringIO())
    fourth = sorted(json.loads((out / "delta.json").read_text())["versions"])[-1]
    assert (out / fourth / "entities.delta.json").read_text() == ""
    assert_replay_is_the_full_export(out)
