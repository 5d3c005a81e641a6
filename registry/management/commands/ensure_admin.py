"""manage.py ensure_admin: create the first superuser once, with a random password.

Used by `make run`. When any superuser exists it does nothing. The password comes from
DJANGO_SUPERUSER_PASSWORD, or is generated and printed once; there is no fixed default. A given
password must pass the same validators as the admin's password form (AUTH_PASSWORD_VALIDATORS):
a weak one is refused with one line and a non-zero exit, and no account is created.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create the superuser 'admin' if no superuser exists yet."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("A superuser exists already; no account created.")
            return
        given = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        password = given or secrets.token_urlsafe(12)
        try:
            validate_password(password, user=User(username=username, email=""))
        except ValidationError as refused:
            reasons = " ".join(refused.messages)
            raise CommandError(f"DJANGO_SUPERUSER_PASSWORD is refused: {reasons}") from None
        User.objects.create_superuser(username=username, email="", password=password)
        if given:
            self.stdout.write(f"Created superuser '{username}' with DJANGO_SUPERUSER_PASSWORD.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Created superuser '{username}' with password: {password}\n"
                    "It is shown only this once; change it in the admin."
                )
            )
