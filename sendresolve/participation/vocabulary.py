"""The choices the participation questions offer, with the words families and staff read.

Access needs match the venue facilities a venue records (step-free access, hearing loop,
quiet room), so a coordinator can match one to the other.
"""

from django.db import models


class Access(models.TextChoices):
    STEP_FREE = "step_free", "Step-free access (no stairs)"
    HEARING_LOOP = "hearing_loop", "A hearing loop"
    QUIET_ROOM = "quiet_room", "A quiet room to take a break"


class Times(models.TextChoices):
    MORNINGS = "weekday_mornings", "Weekday mornings"
    AFTERNOONS = "weekday_afternoons", "Weekday afternoons"


class ChildWay(models.TextChoices):
    """How the child or young person will take part or give their views."""

    IN_PERSON = "in_person", "By coming to the meeting"
    WRITTEN = "written", "In writing"
    DRAWING = "drawing", "Through a drawing or pictures"
    ADVOCATE = "advocate", "Through an advocate"
    RECORDING = "recording", "In a video or sound recording"
    NOT_TAKING_PART = "not_taking_part", "They will not take part"


# "None of these" on the access question: its own value, exclusive of the others.
NONE = "none"
