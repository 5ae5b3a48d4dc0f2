"""The ``sendresolve`` console script.

Law subcommands (``route``, ``deadlines``) run without Django. Everything else is handed to
Django's management commands (``sendresolve demo``, ``sendresolve migrate`` ...).
"""

import argparse
import os
import sys

from sendresolve.core import clock

LAW_COMMANDS = {"route", "deadlines"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in LAW_COMMANDS:
        from sendresolve.law import cli as law_cli

        parser = argparse.ArgumentParser(prog="sendresolve")
        subparsers = parser.add_subparsers(dest="command", required=True)
        law_cli.register(subparsers, today=clock.today)
        args = parser.parse_args(argv)
        return args.func(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sendresolve", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
