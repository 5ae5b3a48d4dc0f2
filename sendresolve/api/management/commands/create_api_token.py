"""``manage.py create_api_token USERNAME [--name NAME]``: print a new API token, once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sendresolve.api.services import api_token_create
from sendresolve.core.errors import ValidationError


class Command(BaseCommand):
    help = "Create an API token for a user and print it. It is shown only this once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="API token", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            token, plaintext = api_token_create(actor=None, user=user, name=name)
        except ValidationError as error:
            raise CommandError(str(error)) from None
        # The token alone on stdout, so scripts can capture it; the advice on stderr.
        self.stdout.write(plaintext)
        self.stderr.write(
            f"Token {token.prefix}… “{token.name}” for {username}. It will not be shown again; "
            "send it as “Authorization: Bearer <token>”."
        )
