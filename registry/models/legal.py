"""Who designates (authorities), under which law (programs), and what that does (consequences)."""

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from .geography import Country

registry_code = RegexValidator(
    r"^[A-Z0-9]+(-[A-Z0-9]+)*$", "Use upper-case letters, digits and hyphens, e.g. US-FTO."
)


class CodeManager(models.Manager):
    def get_by_natural_key(self, code: str):
        return self.get(code=code)


class Authority(models.Model):
    code = models.CharField(max_length=32, unique=True, validators=[registry_code])
    name = models.CharField(max_length=200)
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authorities",
        help_text="Empty for international bodies such as the UN Security Council.",
    )
    url = models.URLField(blank=True)

    history = HistoricalRecords()
    objects = CodeManager()

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Program(models.Model):
    """A list kept under one legal basis, e.g. US-FTO under INA §219."""

    code = models.CharField(max_length=32, unique=True, validators=[registry_code])
    name = models.CharField(max_length=200)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="programs")
    legal_basis = models.CharField(
        max_length=300, help_text="Statute or order, e.g. 8 U.S.C. §1189"
    )
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    review_period_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Mandatory review when none happened within this many years (US-FTO: 5).",
    )
    petition_period_years = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="The organization may petition for revocation this many years after designation "
        "or its last review (US-FTO: 2).",
    )

    history = HistoricalRecords()
    objects = CodeManager()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class LegalConsequence(models.Model):
    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "Criminal"
        FINANCIAL = "financial", "Financial"
        IMMIGRATION = "immigration", "Immigration"
        CIVIL = "civil", "Civil"
        OTHER = "other", "Other"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="consequences")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    citation = models.CharField(max_length=300, help_text="e.g. 18 U.S.C. §2339B")
    summary = models.TextField(help_text="Plain-language summary of what the designation does.")
    source_url = models.URLField(blank=True, max_length=500)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program__code", "kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "title"], name="consequence_title_per_program"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program.code}: {self.title}"
