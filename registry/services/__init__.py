"""Every write to the registry goes through a function here.

The admin, the importers, the restore and the seed command all call these services, so the rules
(validation, derived dates, history with a reason) live in one place.
"""
