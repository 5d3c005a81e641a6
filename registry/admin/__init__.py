"""The Django admin: where analysts enter, correct and import data.

Admin classes are declarations; every save that needs a rule (derived dates, designation events)
calls a service. One module per area: organizations, designations, reference data.
"""

from django.contrib import admin

from . import designations, imports, organizations, reference  # noqa: F401  (registers the ModelAdmins)

admin.site.site_header = "Designation registry"
admin.site.site_title = "Designation registry"
admin.site.index_title = "Organizations, designations and the law behind them"
