"""What a name screening answered: kept so that its receipt replays it, byte for byte.

A screening answer (registry/screening/) depends on the registry's data, which changes. The answer
is stored once, under the SHA-256 of its bytes; the receipt handed to the client is a signed token
naming that digest, the request's digest, the algorithm and the data version. Records are
write-once and carry no `updated_at`: writing one is not a change to the registry's data (it
does not move the API's ETag or the screening's own `data_version`).
"""

from django.db import models


class ScreeningRecord(models.Model):
    digest = models.CharField(
        max_length=64, primary_key=True, help_text="SHA-256 (hex) of the answer's bytes."
    )
    request_digest = models.CharField(
        max_length=64, help_text="SHA-256 (hex) of the request, in its canonical form."
    )
    algorithm = models.CharField(max_length=40)
    data_version = models.CharField(max_length=40)
    answer = models.TextField(help_text="The answer's JSON without its receipt, as sent.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "screening record"

    def __str__(self) -> str:
        return f"{self.algorithm} {self.data_version} {self.digest[:12]}"
