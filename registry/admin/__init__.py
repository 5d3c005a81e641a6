"""The Django admin: where analysts enter, correct, import and screen data.

Admin classes are declarations; every save that needs a rule (derived dates, designation events)
calls a service. One module per area: organizations, designations, reference data, and the
organization admin's two pages, import (imports.py) and screening (screening.py), composed here.
"""

from django.contrib import admin

from ..models import Organization
from . import designations, reference  # noqa: F401  (registers the ModelAdmins)
from .imports import ImportPages
from .organizations import OrganizationAdmin
from .screening import ScreenPages

admin.site.site_header = "Designation registry"
admin.site.site_title = "Designation registry"
admin.site.index_title = "Organizations, designations and the law behind them"


@admin.register(Organization)
class OrganizationPagesAdmin(ScreenPages, ImportPages, OrganizationAdmin):
    """The organization admin, with its pages: import an official list, screen names."""

    change_list_template = "admin/registry/organization/change_list.html"
