"""Who and why for every write: the history record each save leaves behind.

django-simple-history records one history row per save; it reads `_change_reason` and
`_history_user` from the instance. `save_with_history` is the one way services save a model.
"""

from django.db import models


def save_with_history(instance: models.Model, *, reason: str, user=None) -> models.Model:
    """Validate `instance` (field and constraint checks), then save it with a change reason."""
    instance.full_clean()
    instance._change_reason = reason
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    instance.save()
    return instance
