"""Organizations and their names, countries and identifiers."""

import datetime as dt

from anyascii import anyascii
from django.db import transaction
from django.utils.text import slugify

from ..models import Alias, Country, Identifier, Organization, OrganizationCountry, Source
from .history import save_with_history


def unique_slug(name: str) -> str:
    base = slugify(anyascii(name))[:100] or "organization"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organization_create(
    *,
    name: str,
    slug: str = "",
    kind: str = Organization.Kind.ARMED_GROUP,
    description: str = "",
    reason: str,
    user=None,
) -> Organization:
    organization = Organization(
        name=name.strip(), slug=slug or unique_slug(name), kind=kind, description=description
    )
    return save_with_history(organization, reason=reason, user=user)


def alias_add(
    *,
    organization: Organization,
    name: str,
    kind: str = Alias.Kind.STRONG,
    script: str = "",
    language: str = "",
    source: Source | None = None,
    listed_on: dt.date | None = None,
    reason: str,
    user=None,
) -> Alias:
    alias = Alias(
        organization=organization,
        name=name.strip(),
        kind=kind,
        script=script,
        language=language,
        source=source,
        listed_on=listed_on,
    )
    return save_with_history(alias, reason=reason, user=user)


def country_link_add(
    *,
    organization: Organization,
    country: Country,
    role: str = OrganizationCountry.Role.BASE,
    confidence: str = OrganizationCountry._meta.get_field("confidence").default,
    source: Source | None = None,
    reason: str,
    user=None,
) -> OrganizationCountry:
    link = OrganizationCountry(
        organization=organization, country=country, role=role, confidence=confidence, source=source
    )
    return save_with_history(link, reason=reason, user=user)


def identifier_add(
    *, organization: Organization, scheme: str, value: str, reason: str, user=None
) -> Identifier:
    identifier = Identifier(organization=organization, scheme=scheme, value=value.strip())
    return save_with_history(identifier, reason=reason, user=user)
