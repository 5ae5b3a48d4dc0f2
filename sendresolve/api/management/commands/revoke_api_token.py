"""``manage.py revoke_api_token USERNAME [--name NAME | --prefix PREFIX]``: revoke tokens."""

from django.core.management.base import BaseCommand, CommandError

from sendresolve.api.models import ApiToken
from sendresolve.api.services import api_token_revoke


class Command(BaseCommand):
    help = "Revoke a user's active API tokens (all of them, or those with a name or prefix)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", help="Only tokens with this name.")
        parser.add_argument("--prefix", help="Only the token starting with this, e.g. sr_AbC123.")

    def handle(self, *args, username, name, prefix, **options):
        tokens = ApiToken.objects.filter(user__username=username, revoked_at__isnull=True)
        if name:
            tokens = tokens.filter(name=name)
        if prefix:
            tokens = tokens.filter(prefix__startswith=prefix[:12])
        tokens = list(tokens)
        if not tokens:
            raise CommandError(f"No active API token for {username!r} matches.")
        for token in tokens:
            api_token_revoke(actor=None, token=token)
            self.stdout.write(f"Revoked {token.prefix}… “{token.name}”.")
