"""ETag and Last-Modified for API responses, and the 304 answer to a conditional GET.

The validators come from the last write to the registry: the newest row of any history table
(django-simple-history keeps one row per save and per delete, so deletions count) or of an
`updated_at` column. That is one query of indexed MAX() lookups, whatever the resource (on
PostgreSQL a function holding them, migration 0006), and it runs before the response is built,
so a 304 costs one query. The same query names the transactions still writing (PostgreSQL,
registry/inflight.py): one that commits after a newer write has its rows land behind the newest,
so the ETag of an answer read while it was in flight must change when it lands.

What a response says also depends on the day (status and "in force" are answered for today), on
the URL with its query string, and on the format (JSON or CSV): all of them go into the ETag, and
Last-Modified is never earlier than the start of today (UTC).
"""

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from ..selectors.state import last_write

API_REPRESENTATION_VERSION = "1"


def validators(request, representation: str) -> tuple[str, int]:
    """(ETag, Last-Modified as a timestamp) for this request's answer."""
    today = timezone.localdate()
    start_of_today = dt.datetime.combine(today, dt.time.min, tzinfo=dt.UTC)
    written, writers = last_write()
    modified = max(written, start_of_today) if written else start_of_today
    key = "|".join(
        [
            API_REPRESENTATION_VERSION,
            written.isoformat() if written else "-",
            writers,
            today.isoformat(),
            representation,
            request.build_absolute_uri(),
        ]
    )
    etag = quote_etag(hashlib.sha256(key.encode("utf-8")).hexdigest()[:32])
    return etag, int(modified.timestamp())


def not_modified(request, etag: str, modified: int):
    """A 304 (or 412) response when the client's copy is current, else None."""
    return get_conditional_response(request, etag=etag, last_modified=modified)


def stamp(response, etag: str, modified: int, *, public: bool):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = (
        "public, max-age=0, must-revalidate" if public else "private, max-age=0, must-revalidate"
    )
    patch_vary_headers(response, ["Accept"] if public else ["Accept", "Authorization"])
    return response
