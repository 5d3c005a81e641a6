"""Receipts: a screening answer, recorded, and a signed token that brings it back byte for byte.

Every answer is stored once (`ScreeningRecord`, keyed by the SHA-256 of its JSON) and carries a
receipt: a token signed with the site's secret key (django.core.signing) holding the algorithm,
the data version, the digest of the request (its queries, threshold and limit in a canonical
form) and the digest of the answer. Sending the same request with the receipt returns the
recorded answer, whatever has been written to the registry since; a receipt sent with other
queries, altered, or signed under another key is refused.

Limits: a receipt replays only on the deployment that issued it (its database and its secret
key: rotating DJANGO_SECRET_KEY voids every receipt), and only while its record is kept.
"""

import hashlib
import re
from typing import Any

import orjson
from django.core import signing
from rest_framework.utils.encoders import JSONEncoder

from ..models import ScreeningRecord

SALT = "registry.screening.receipt"


class ReceiptError(Exception):
    """A receipt that cannot be replayed (the message says why)."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def as_json(value: Any) -> bytes:
    """The JSON the API writes for `value` (dates and times as DRF writes them)."""
    return orjson.dumps(value, default=JSONEncoder().default)


def plain(value: Any) -> Any:
    """`value` in plain JSON values, as a client reads it back."""
    return orjson.loads(as_json(value))


# A link to the registry's own API, absolute as the request's host wrote it.
OWN_LINK = re.compile(r"^https?://[^/]+(/api/v1/.*)$")


def comparable(value: Any) -> Any:
    """`value` (plain JSON) with the links to the registry's API made relative: an answer
    replayed under another host name ("localhost", "127.0.0.1", a proxy's), or recorded by the
    admin's page, which writes them relative, says the same."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, str) and (link := OWN_LINK.match(value)):
        return link.group(1)
    return value


def canonical_request(queries: dict, threshold: float, limit: int) -> dict[str, Any]:
    """A screening request in the form its receipt is bound to (`queries` maps keys to Query)."""
    return {
        "queries": {key: query.as_dict() for key, query in queries.items()},
        "threshold": threshold,
        "limit": limit,
    }


def request_digest(request: dict[str, Any]) -> str:
    """The digest of a request in its canonical form (keys sorted)."""
    return digest(orjson.dumps(request, option=orjson.OPT_SORT_KEYS))


def record(request: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """Store `answer` (to `request`) and return it, in plain JSON values, with its receipt."""
    text = as_json(answer)
    answer_digest = digest(text)
    ScreeningRecord.objects.get_or_create(
        digest=answer_digest,
        defaults={
            "request_digest": request_digest(request),
            "algorithm": answer["algorithm"],
            "data_version": answer["data_version"],
            "answer": text.decode(),
        },
    )
    token = signing.dumps(
        {
            "algorithm": answer["algorithm"],
            "data_version": answer["data_version"],
            "request": request_digest(request),
            "answer": answer_digest,
        },
        salt=SALT,
    )
    return {**orjson.loads(text), "receipt": token}


def read(receipt: str) -> dict[str, Any]:
    """What a receipt says (algorithm, data_version, request, answer digests), if it is genuine."""
    try:
        payload = signing.loads(receipt, salt=SALT)
    except signing.BadSignature as error:
        raise ReceiptError("Not a receipt issued by this registry.") from error
    if not isinstance(payload, dict) or not {"request", "answer"} <= set(payload):
        raise ReceiptError("Not a receipt issued by this registry.")
    return payload


def replay(receipt: str, request: dict[str, Any]) -> dict[str, Any]:
    """The recorded answer to `request`, as it was sent with `receipt`."""
    payload = read(receipt)
    if payload["request"] != request_digest(request):
        raise ReceiptError("This receipt was issued for other queries, threshold or limit.")
    kept = ScreeningRecord.objects.filter(digest=payload["answer"]).first()
    if kept is None:
        raise ReceiptError("The answer this receipt names is no longer kept.")
    return {**orjson.loads(kept.answer), "receipt": receipt}
