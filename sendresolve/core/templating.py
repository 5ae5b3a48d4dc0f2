"""Helpers shared by the Jinja2 templates of every interface app."""

from django import forms


def error_message(form: forms.Form, name: str) -> dict[str, str] | None:
    """Return the ``errorMessage`` parameter for a GOV.UK component, or None if valid."""
    errors = form.errors.get(name)
    return {"text": str(errors[0])} if errors else None
