"""What this visit was about, kept in the session so feedback can be linked to a provider."""

from django.http import HttpRequest

FEEDBACK_CONTEXT_KEY = "family_feedback_context"


def remember_for_feedback(request: HttpRequest, local_authority, provider) -> None:
    """Feedback sent later in this visit is linked to this LA and provider."""
    request.session[FEEDBACK_CONTEXT_KEY] = {
        "local_authority": local_authority.pk if local_authority else None,
        "provider": provider.pk if provider else None,
    }
