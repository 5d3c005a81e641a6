"""The registry in FollowTheMoney (FtM), the data model of OpenSanctions, yente, nomenklatura and
Aleph: each organization an `Organization` entity, each designation a `Sanction` entity pointing to
it, written as JSON lines (`entities.ftm.json`), and the `targets.simple.csv` that screening users
load, made from the same entities.

Every value is read through the selectors (registry/selectors/organizations.py and
designations.py), as the API shows it on the reference day: the in-force rule, the dates as they
stood and the citations are theirs. This module only maps them onto FtM properties (the tables
below, one line per property). Entity ids come from the registry's primary keys
(`registry-org-17`, `registry-sanction-105`), which no rename or edit changes.

FtM is a test dependency only: tests/exports/test_ftm.py loads every entity written here with the
`followthemoney` package and fails if it drops or changes any value.
"""

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Exists
from django.urls import reverse

from ..dates import ReferenceDay
from ..models import Organization
from ..resources import legal_consequences
from ..resources.spec import Context, batches
from ..selectors.organizations import ORGANIZATIONS, designations_in_force, designations_of

PREFIX = "registry"
DATASET = "designation_registry"
DATASET_TITLE = "Designation registry: terrorist-organization designations"
BATCH = 500

Row = dict[str, Any]
Entity = dict[str, Any]


def organization_id(pk: int) -> str:
    return f"{PREFIX}-org-{pk}"


def sanction_id(pk: int) -> str:
    return f"{PREFIX}-sanction-{pk}"


def seconds(timestamp: str | None) -> str | None:
    """ "2025-11-24T16:02:03.123Z" as OpenSanctions writes its times: "2025-11-24T16:02:03"."""
    return timestamp[:19] if timestamp else None


# -- Organization -------------------------------------------------------------------------------

# Which FtM name property each alias kind goes to.
ALIAS_PROPERTY = {
    "strong": "alias",
    "acronym": "alias",
    "translation": "alias",
    "weak": "weakAlias",
    "former": "previousName",
}
# Which FtM property each identifier scheme goes to; an OpenSanctions id is a referent (the
# entity that nomenklatura merges under it), not a property.
IDENTIFIER_PROPERTY = {
    "ofac-ent-num": "idNumber",
    "un-ref": "idNumber",
    "un-dataid": "idNumber",
    "eu-logical-id": "idNumber",
    "other": "idNumber",
    "wikidata": "wikidataId",
}
REFERENT_SCHEMES = {"opensanctions"}
# Topics by organization kind (FtM's controlled vocabulary, followthemoney/types/topic.py).
KIND_TOPICS = {
    "armed_group": ["crime.terror"],
    "cartel": ["crime.terror", "crime.traffick.drug"],
    "gang": ["crime.terror", "crime"],
    "state_entity": ["crime.terror"],
    "political": ["crime.terror"],
    "media": ["crime.terror"],
    "other": ["crime.terror"],
}
ORGANIZATION_KEYS = (
    "name",
    "kind",
    "description",
    "alias_rows",
    "country_codes",
    "identifier_rows",
    "programs_in_force",
    "created",
    "updated",
)


def aliases_of(kind: str) -> Callable[[Row, "Export"], list[str]]:
    def names(row: Row, export: "Export") -> list[str]:
        return [a["name"] for a in row["alias_rows"] if ALIAS_PROPERTY[a["kind"]] == kind]

    return names


def identifiers_as(prop: str) -> Callable[[Row, "Export"], list[str]]:
    def values(row: Row, export: "Export") -> list[str]:
        rows = row["identifier_rows"]
        return [i["value"] for i in rows if IDENTIFIER_PROPERTY.get(i["scheme"]) == prop]

    return values


def organization_topics(row: Row, export: "Export") -> list[str]:
    """`sanction` while a designation is in force on the reference day, and the kind's crimes."""
    return (["sanction"] if row["programs_in_force"] else []) + KIND_TOPICS[row["kind"]]


def organization_url(row: Row, export: "Export") -> list[str]:
    return [f"{export.organization_url}{row['pk']}/"] if export.organization_url else []


ORGANIZATION_PROPERTIES: dict[str, Callable[[Row, "Export"], list[str]]] = {
    "name": lambda row, export: [row["name"]],
    "alias": aliases_of("alias"),
    "weakAlias": aliases_of("weakAlias"),
    "previousName": aliases_of("previousName"),
    "country": lambda row, export: [code.lower() for code in row["country_codes"]],
    "topics": organization_topics,
    "description": lambda row, export: [row["description"]] if row["description"] else [],
    "idNumber": identifiers_as("idNumber"),
    "wikidataId": identifiers_as("wikidataId"),
    "programId": lambda row, export: list(row["programs_in_force"]),
    "sourceUrl": organization_url,
    "createdAt": lambda row, export: [row["created"][:10]],
    "modifiedAt": lambda row, export: [row["updated"][:10]],
}


# -- Sanction -----------------------------------------------------------------------------------

DESIGNATION_KEYS = (
    "id",
    "program_code",
    "program_name",
    "program_url",
    "authority",
    "authority_name",
    "authority_country",
    "status",
    "designated",
    "revoked",
    "citation",
    "document_number",
    "source_urls",
    "timeline",
    "timeline_text",
    "created_at",
    "updated",
)


def designating_event(row: Row) -> dict:
    return next((e for e in row["timeline"] if e["kind"] == "designated"), {})


def listing_date(row: Row, export: "Export") -> list[str]:
    """The day the listing was made public (announced), else signed; `startDate` is the day it
    took effect."""
    event = designating_event(row)
    day = event.get("announced_on") or event.get("signed_on")
    return [day] if day else []


def provisions(row: Row, export: "Export") -> list[str]:
    """The program's legal consequences, each with its citation."""
    consequences = export.context.shared["consequences"].get(row["program_code"], [])
    return [
        f"{c['title']} ({c['citation']})" if c["citation"] else c["title"] for c in consequences
    ]


def one(key: str) -> Callable[[Row, "Export"], list[str]]:
    return lambda row, export: [row[key]] if row[key] else []


SANCTION_PROPERTIES: dict[str, Callable[[Row, "Export"], list[str]]] = {
    "entity": lambda row, export: [organization_id(row["organization_id"])],
    "authority": one("authority_name"),
    "country": lambda row, export: (
        [row["authority_country"].lower()] if row["authority_country"] else []
    ),
    "program": one("program_name"),
    "programId": one("program_code"),
    "programUrl": one("program_url"),
    "provisions": provisions,
    "status": one("status"),
    "listingDate": listing_date,
    "startDate": one("designated"),
    "endDate": one("revoked"),
    "recordId": one("citation"),
    "authorityId": one("document_number"),
    "summary": lambda row, export: [row["timeline_text"]] if row["timeline_text"] else [],
    "sourceUrl": lambda row, export: list(row["source_urls"]),
}


# -- the export ---------------------------------------------------------------------------------


class Export:
    """The registry's FtM entities on a reference day (today, or as it stood on `as_of`).

    Organizations come in id order, each followed by its Sanction entities (by program, oldest
    first). As it stood on a day: the organizations with a designation in force that day, and
    their designations made by then, as the API's `as_of` shows them."""

    def __init__(self, reference: ReferenceDay, *, base_url: str = ""):
        """`base_url` (https://registry.example.org), when given, makes each organization's
        `sourceUrl` its API address there."""
        self.reference = reference
        self.context = Context(reference=reference)
        self.organization_url = ""
        if base_url:
            self.organization_url = base_url.rstrip("/") + reverse("api:organization-list")

    def organizations(self):
        organizations = Organization.objects.order_by("pk")
        if self.reference.as_stood:
            organizations = organizations.filter(Exists(designations_in_force(self.reference)))
        return organizations

    def entities(self) -> Iterator[Entity]:
        legal_consequences.attach([], self.context, "ftm")
        keys = ("pk", *ORGANIZATION_KEYS)
        rows = ORGANIZATIONS.rows(self.organizations(), self.reference, keys)
        for batch in batches(rows.iterator(chunk_size=BATCH), BATCH):
            designations = designations_of(
                [row["pk"] for row in batch], self.reference, (*DESIGNATION_KEYS,)
            )
            for row in batch:
                yield organization_entity(row, self)
                for designation in designations.get(row["pk"], []):
                    yield sanction_entity({**designation, "organization_id": row["pk"]}, self)

    def lines(self) -> Iterator[str]:
        for entity in self.entities():
            yield entity_line(entity)


def target_rows(entities: Iterable[Entity], day: dt.date) -> Iterator[list[str]]:
    """The rows of targets.simple.csv: one per organization, with its sanctions (the entities
    come as `Export.entities()` yields them, each organization followed by its sanctions)."""
    organization: Entity | None = None
    sanctions: list[Entity] = []
    for entity in entities:
        if entity["schema"] == "Organization":
            if organization is not None:
                yield target_row(organization, sanctions, day)
            organization, sanctions = entity, []
        else:
            sanctions.append(entity)
    if organization is not None:
        yield target_row(organization, sanctions, day)


def properties(
    table: dict[str, Callable[[Row, Export], list[str]]], row: Row, export: Export
) -> dict[str, list[str]]:
    found = {name: value(row, export) for name, value in table.items()}
    return {name: values for name, values in found.items() if values}


def organization_entity(row: Row, export: Export) -> Entity:
    referents = [i["value"] for i in row["identifier_rows"] if i["scheme"] in REFERENT_SCHEMES]
    return {
        "id": organization_id(row["pk"]),
        "caption": row["name"],
        "schema": "Organization",
        "properties": properties(ORGANIZATION_PROPERTIES, row, export),
        "referents": referents,
        "datasets": [DATASET],
        "first_seen": seconds(row["created"]),
        "last_change": seconds(row["updated"]),
        "target": True,
    }


def sanction_entity(row: Row, export: Export) -> Entity:
    return {
        "id": sanction_id(row["id"]),
        "caption": row["program_name"],
        "schema": "Sanction",
        "properties": properties(SANCTION_PROPERTIES, row, export),
        "referents": [],
        "datasets": [DATASET],
        "first_seen": row["created_at"].astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "last_change": seconds(row["updated"]),
        "target": False,
    }


def entity_line(entity: Entity) -> str:
    return json.dumps(entity, ensure_ascii=False, separators=(",", ":")) + "\n"


# -- targets.simple.csv -------------------------------------------------------------------------

# OpenSanctions' columns, in its order (a real file's header: tests/data/opensanctions_*/).
TARGET_COLUMNS = [
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "program_ids",
    "dataset",
    "first_seen",
    "last_seen",
    "last_change",
]
SEPARATOR = ";"  # between the values of a cell, as OpenSanctions writes them
# How OpenSanctions writes the file: every cell quoted, "\n" line ends. The API's download and
# `manage.py export_ftm`'s file are the same bytes.
TARGETS_CSV = {"quoting": csv.QUOTE_ALL, "lineterminator": "\n"}


def sanction_text(sanction: Entity) -> str:
    """ "Foreign Terrorist Organizations (US-FTO) - US Department of State - active -
    designated 2025-11-24 - revoked … - 90 FR 53045"; without the `;` that separates sanctions."""
    p = sanction["properties"]
    parts = [f"{first(p, 'program')} ({first(p, 'programId')})", first(p, "authority")]
    parts.append(first(p, "status"))
    if p.get("startDate"):
        parts.append(f"designated {first(p, 'startDate')}")
    if p.get("endDate"):
        parts.append(f"revoked {first(p, 'endDate')}")
    if p.get("recordId"):
        parts.append(first(p, "recordId"))
    return " - ".join(part for part in parts if part).replace(SEPARATOR, ",")


def first(props: dict[str, list[str]], name: str) -> str:
    return props.get(name, [""])[0]


def joined(values: Iterable[str]) -> str:
    return SEPARATOR.join(value.replace(SEPARATOR, ",") for value in values)


def target_row(organization: Entity, sanctions: list[Entity], day: dt.date) -> list[str]:
    p = organization["properties"]
    return [
        organization["id"],
        organization["schema"],
        first(p, "name"),
        joined([*p.get("alias", []), *p.get("weakAlias", []), *p.get("previousName", [])]),
        "",
        joined(p.get("country", [])),
        "",
        joined([*p.get("idNumber", []), *p.get("wikidataId", [])]),
        joined(sanction_text(s) for s in sanctions),
        "",
        "",
        joined(dict.fromkeys(first(s["properties"], "programId") for s in sanctions)),
        DATASET_TITLE,
        organization["first_seen"] or "",
        day.isoformat(),
        organization["last_change"] or "",
    ]
