"""Countries: ISO 3166-1, loaded from pycountry by the seed command, never typed by hand."""

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

iso_alpha2 = RegexValidator(r"^[A-Z]{2}$", "Enter an ISO 3166-1 alpha-2 code such as MX.")


class CountryManager(models.Manager["Country"]):
    def get_by_natural_key(self, code: str) -> "Country":
        return self.get(code=code)


class Country(models.Model):
    code = models.CharField(
        primary_key=True, max_length=2, validators=[iso_alpha2], help_text="ISO 3166-1 alpha-2"
    )
    name = models.CharField(max_length=100, unique=True)

    history = HistoricalRecords()
    objects = CountryManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_iso_alpha2"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def natural_key(self) -> tuple[str]:
        return (self.code,)
