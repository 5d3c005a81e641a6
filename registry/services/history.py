"""Who and why for every write: the history record each save leaves behind.

django-simple-history records one history row per save; it reads `_change_reason` and
`_history_user` from the instance. `save_with_history` is the one way services save a model.
"""

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def save_with_history(instance: M, *, reason: str, user=None) -> M:
    """Validate `instance` (field and constraint checks), then save it with a change reason."""
    instance.full_clean()
    setattr(instance, "_change_reason", reason)  # noqa: B010 (simple-history's documented hook)
    if user is not None and getattr(user, "is_authenticated", False):
        setattr(instance, "_history_user", user)  # noqa: B010
    instance.save()
    return instance
