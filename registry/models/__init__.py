"""The registry's data model, one module per sub-domain.

geography: Country · legal: Authority, Program, LegalConsequence · provenance: Source ·
organizations: Organization, Alias, OrganizationCountry, Identifier ·
designations: Designation, DesignationEvent · screening: ScreeningRecord.
"""

from .designations import Designation, DesignationEvent
from .geography import Country
from .legal import Authority, LegalConsequence, Program
from .organizations import Alias, Identifier, Organization, OrganizationCountry
from .provenance import Confidence, Source
from .screening import ScreeningRecord

__all__ = [
    "Alias",
    "Authority",
    "Confidence",
    "Country",
    "Designation",
    "DesignationEvent",
    "Identifier",
    "LegalConsequence",
    "Organization",
    "OrganizationCountry",
    "Program",
    "ScreeningRecord",
    "Source",
]
