"""The representations of organizations and designations, whole: every key the OpenAPI schema
publishes (the resources' specs), in order, nested rows included; values in DRF's formats (dates,
timestamps, hyperlinks); and what a response reads once (a program's consequences) read afresh for
the next.
"""

import datetime as dt

import pytest
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.reverse import reverse
from rest_framework.test import APIRequestFactory

from registry.dates import Precision, ReferenceDay
from registry.models import LegalConsequence
from registry.resources import designations, legal_consequences, organizations
from registry.resources.designations import EventSchema, OrganizationInBrief, SourceSchema
from registry.resources.organizations import AliasSchema, CountryLinkSchema, IdentifierSchema
from registry.resources.spec import Context, Spec
from registry.services.designations import designation_add_event
from registry.services.organizations import alias_add, country_link_add, identifier_add
from tests.api.conftest import get_json
from tests.factories import (
    CountryFactory,
    OrganizationFactory,
    ProgramFactory,
    SourceFactory,
    designate,
    sdgt_program,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def soles():
    """An organization with every kind of nested row, and dates of every precision."""
    fto = ProgramFactory(code="US-FTO")
    sdgt = sdgt_program()
    for program, kind, title in [
        (fto, "criminal", "Material support"),
        (fto, "immigration", "Inadmissibility"),
        (sdgt, "financial", "Blocking"),
    ]:
        LegalConsequence.objects.create(
            program=program, kind=kind, title=title, citation=f"{title} §1", summary="s."
        )
    org = OrganizationFactory(
        name="Cártel de los Soles", slug="cartel-de-los-soles", kind="cartel", description="d."
    )
    alias_add(
        organization=org,
        name="Cartel of the Suns",
        kind="translation",
        script="Latin",
        language="en",
        reason="test",
    )
    country_link_add(organization=org, country=CountryFactory(code="VE"), reason="test")
    country_link_add(
        organization=org,
        country=CountryFactory(code="CO", name="Colombia"),
        role="operations",
        confidence="unverified",
        reason="test",
    )
    identifier_add(organization=org, scheme="opensanctions", value="NK-soles", reason="test")
    notice = SourceFactory(
        key="fr-notice",
        title="FR notice",
        publisher="OFR",
        url="https://example.org/fr",
        kind="federal_register",
        reliability="official",
        published_on=dt.date(2021, 1, 12),
    )
    unlinked = SourceFactory(key="press", title="Press")
    designate(org, sdgt, on=dt.date(2019, 1, 1), effective_precision=Precision.YEAR,
              revoked=dt.date(2020, 6, 15))  # fmt: skip
    fto_designation = designate(
        org,
        fto,
        on=dt.date(2021, 1, 1),
        effective_precision=Precision.MONTH,
        signed_on=dt.date(2021, 1, 10),
        citation="86 FR 1",
        document_number="FR doc 2021-1",
        confidence="confirmed",
        sources=[notice, unlinked],
    )
    designation_add_event(
        designation=fto_designation,
        kind="reviewed",
        effective_on=dt.date(2024, 3, 1),
        announced_on=dt.date(2024, 2, 1),
        announced_precision=Precision.MONTH,
        citation="89 FR 2",
        reason="test",
    )
    return org


def timestamp(value: dt.datetime) -> str:
    return drf.DateTimeField().to_representation(value)


def keys(serializer_class) -> list[str]:
    """The fields the schema publishes, in order."""
    return list(serializer_class().fields)


def check_organization(body: dict) -> None:
    assert list(body) == keys(organizations.SPEC.serializer())
    nested = {
        "aliases": AliasSchema,
        "countries": CountryLinkSchema,
        "identifiers": IdentifierSchema,
        "designations": designations.SPEC.serializer(Spec.NESTED),
        "legal_consequences": legal_consequences.SPEC.serializer(),
    }
    for name, serializer_class in nested.items():
        assert body[name], name
        for item in body[name]:
            assert list(item) == keys(serializer_class), name
    for designation in body["designations"]:
        check_events(designation)


def check_designation(body: dict) -> None:
    assert list(body) == keys(designations.SPEC.serializer())
    assert list(body["organization"]) == keys(OrganizationInBrief)
    for consequence in body["legal_consequences"]:
        assert list(consequence) == keys(legal_consequences.SPEC.serializer())
    check_events(body)


def check_events(designation: dict) -> None:
    assert designation["events"]
    for event in designation["events"]:
        assert list(event) == keys(EventSchema)
        for source in event["sources"]:
            assert list(source) == keys(SourceSchema)


@pytest.mark.parametrize("params", [{}, {"as_of": "2021-06-01"}])
def test_keys_are_the_declared_fields_in_order(api, soles, params):
    organizations = get_json(api, "/api/v1/organizations/", params)["results"]
    designations = get_json(api, "/api/v1/designations/", params)["results"]
    assert organizations and designations
    for body in organizations:
        check_organization(body)
        check_organization(get_json(api, body["url"], params))
    for body in designations:
        check_designation(body)
        check_designation(get_json(api, body["url"], params))


def test_designation_detail_in_full(api, soles):
    fto = soles.designations.get(program__code="US-FTO")
    body = get_json(api, f"/api/v1/designations/{fto.pk}/", {"format": "json"})
    consequences = LegalConsequence.objects.filter(program__code="US-FTO")
    support, inadmissibility = (consequences.get(kind=kind) for kind in ("criminal", "immigration"))
    assert body == {
        "id": fto.pk,
        # DRF's hyperlinks keep ?format=
        "url": f"http://testserver/api/v1/designations/{fto.pk}/?format=json",
        "organization": {
            "id": soles.pk,
            "slug": "cartel-de-los-soles",
            "name": "Cártel de los Soles",
            "countries": ["VE", "CO"],
        },
        "program": "US-FTO",
        "program_name": "Foreign Terrorist Organizations",
        "legal_basis": "INA §219, 8 U.S.C. §1189",
        "authority": "US-DOS",
        "status": "active",
        "in_force": True,
        "unknown_because": None,
        "designated_on": "2021-01",
        "designated_precision": "month",
        "revoked_on": None,
        "revoked_precision": "day",
        "last_reviewed_on": "2024-03-01",
        "next_review_due": "2029-03-01",
        "petition_opens_on": "2026-03-01",
        "citation": "86 FR 1",
        "document_number": "FR doc 2021-1",
        "source_urls": ["https://example.org/fr"],
        "events": [
            {
                "kind": "designated",
                "signed_on": "2021-01-10",
                "signed_precision": "day",
                "announced_on": None,
                "announced_precision": "day",
                "effective_on": "2021-01",
                "effective_precision": "month",
                "citation": "86 FR 1",
                "document_number": "FR doc 2021-1",
                "confidence": "confirmed",
                "sources": [
                    {
                        "key": "fr-notice",
                        "title": "FR notice",
                        "publisher": "OFR",
                        "url": "https://example.org/fr",
                        "kind": "federal_register",
                        "reliability": "official",
                        "published_on": "2021-01-12",
                    },
                    {
                        "key": "press",
                        "title": "Press",
                        "publisher": "",
                        "url": "",
                        "kind": "other",
                        "reliability": "unverified",
                        "published_on": None,
                    },
                ],
            },
            {
                "kind": "reviewed",
                "signed_on": None,
                "signed_precision": "day",
                "announced_on": "2024-02",
                "announced_precision": "month",
                "effective_on": "2024-03-01",
                "effective_precision": "day",
                "citation": "89 FR 2",
                "document_number": "",
                "confidence": "reported",
                "sources": [],
            },
        ],
        "legal_consequences": [
            {
                "id": consequence.pk,
                "program": "US-FTO",
                "authority": "US-DOS",
                "kind": consequence.kind,
                "title": consequence.title,
                "citation": f"{consequence.title} §1",
                "summary": "s.",
                "source_url": "",
            }
            for consequence in (support, inadmissibility)
        ],
        "updated_at": timestamp(fto.updated_at),
    }


def test_organization_in_full_as_it_stood(api, soles):
    """On 2020-01-01 the SDGT listing (a year-precision date) was in force, the FTO one not yet."""
    sdgt = soles.designations.get(program__code="US-SDGT")
    body = get_json(api, f"/api/v1/organizations/{soles.pk}/", {"as_of": "2020-01-01"})
    blocking = LegalConsequence.objects.get(title="Blocking")
    assert body == {
        "id": soles.pk,
        "url": f"http://testserver/api/v1/organizations/{soles.pk}/",
        "slug": "cartel-de-los-soles",
        "name": "Cártel de los Soles",
        "kind": "cartel",
        "description": "d.",
        "aliases": [
            {
                "name": "Cartel of the Suns",
                "kind": "translation",
                "script": "Latin",
                "language": "en",
                "listed_on": None,
            }
        ],
        "countries": [
            {"code": "VE", "name": "Venezuela", "role": "base", "confidence": "reported"},
            {"code": "CO", "name": "Colombia", "role": "operations", "confidence": "unverified"},
        ],
        "identifiers": [{"scheme": "opensanctions", "value": "NK-soles"}],
        "programs_in_force": ["US-SDGT"],
        "designations": [
            {
                "id": sdgt.pk,
                "program": "US-SDGT",
                "program_name": "Specially Designated Global Terrorists",
                "legal_basis": "E.O. 13224",
                "authority": "US-OFAC",
                "status": "active",
                "in_force": True,
                "unknown_because": None,
                "designated_on": "2019",
                "designated_precision": "year",
                "revoked_on": None,
                "revoked_precision": "day",
                "last_reviewed_on": None,
                "next_review_due": None,
                "petition_opens_on": None,
                "citation": "",
                "document_number": "",
                "source_urls": [],
                "events": [
                    {
                        "kind": "designated",
                        "signed_on": None,
                        "signed_precision": "day",
                        "announced_on": None,
                        "announced_precision": "day",
                        "effective_on": "2019",
                        "effective_precision": "year",
                        "citation": "",
                        "document_number": "",
                        "confidence": "reported",
                        "sources": [],
                    }
                ],
            }
        ],
        "legal_consequences": [
            {
                "id": blocking.pk,
                "program": "US-SDGT",
                "authority": "US-OFAC",
                "kind": "financial",
                "title": "Blocking",
                "citation": "Blocking §1",
                "summary": "s.",
                "source_url": "",
            }
        ],
        "created_at": timestamp(soles.created_at),
        "updated_at": timestamp(soles.updated_at),
    }


def test_what_a_response_reuses_is_rebuilt_for_the_next(api, soles):
    first = get_json(api, "/api/v1/designations/", {"program": "US-FTO"})["results"][0]
    LegalConsequence.objects.filter(title="Material support").update(title="Material support*")
    second = get_json(api, "/api/v1/designations/", {"program": "US-FTO", "format": "json"})
    (designation,) = second["results"]
    assert [c["title"] for c in designation["legal_consequences"]] == [
        "Material support*",
        "Inadmissibility",
    ]
    assert first["url"].endswith("/") and designation["url"].endswith("/?format=json")


@pytest.mark.parametrize("pk", [1, 7, 10, 120, 987654321987654321, 123456789012345678])
@pytest.mark.parametrize("query", ["", "?format=json", "?format=json&q=987654321987654321"])
def test_detail_urls_are_those_reverse_gives(pk, query):
    request = Request(APIRequestFactory().get(f"/api/v1/organizations/{query}"))
    context = Context(reference=ReferenceDay(dt.date(2026, 1, 1)), request=request)
    for route in ("organization", "designation"):
        expected = reverse(f"api:{route}-detail", kwargs={"pk": pk}, request=request)
        assert context.link(f"api:{route}-list", pk) == expected
