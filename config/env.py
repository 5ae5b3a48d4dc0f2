"""Typed readers for environment variables: the only place settings touch ``os.environ``.

Each helper fails loudly (``ImproperlyConfigured``) on a value it cannot parse, naming the
variable, rather than silently falling back. Secrets have no default outside development mode.
"""

import datetime as dt
import json
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING = object()


def env_str(name: str, default: str | object = _MISSING) -> str:
    """Return the variable as a string; raise if it is unset and there is no default."""
    value = os.environ.get(name)
    if value is None:
        if default is _MISSING:
            raise ImproperlyConfigured(f"Set the {name} environment variable.")
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Return the variable as a boolean (1/true/yes/on or 0/false/no/off)."""
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    """Return the variable as an integer."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped strings."""
    value = os.environ.get(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """Return the variable if it is one of ``choices``."""
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_date(value: str, name: str = "SENDRESOLVE_EXTRA_BANK_HOLIDAYS") -> dt.date:
    """Parse one ISO date taken from a list variable."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must hold dates like 2026-05-08, not {value!r}."
        ) from None


def env_json_object(name: str, default: dict | None = None) -> dict:
    """Return the variable parsed as a JSON object (``{}`` when unset or blank)."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return dict(default or {})
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"{name} must be a JSON object: {error}.") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f'{name} must be a JSON object, like {{"key": 1}}.')
    return parsed
