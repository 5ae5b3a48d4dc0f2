"""What people need to take part (issue 22): the ``participation_needs`` of a case's detail
(the provider's staff only) and the ``participation_needs_change`` action's body."""

import dataclasses

from rest_framework import serializers

from sendresolve.api.serializers.common import StrictSerializer
from sendresolve.participation.models import ParticipationNeeds
from sendresolve.participation.selectors import needs_for
from sendresolve.participation.services import NeedsInput
from sendresolve.participation.vocabulary import Access, ChildWay, Times


class ParticipationNeedsSerializer(serializers.ModelSerializer):
    """What the family and others need to take part. ``interpreter_language`` is blank when no
    spoken-language interpreter is needed."""

    access = serializers.ListField(child=serializers.ChoiceField(choices=Access.choices))
    times = serializers.ListField(child=serializers.ChoiceField(choices=Times.choices))
    child_ways = serializers.ListField(child=serializers.ChoiceField(choices=ChildWay.choices))

    class Meta:
        model = ParticipationNeeds
        fields = [
            "interpreter_language",
            "bsl",
            "access",
            "access_other",
            "times",
            "times_note",
            "child_ways",
            "child_note",
            "supporter_name",
            "supporter_relationship",
            "supporter_contact",
            "supporter_attends",
            "updated_at",
        ]
        read_only_fields = fields


class ParticipationNeedsChangeActionSerializer(StrictSerializer):
    """Change what people need to take part: only the fields given change. A supporter who
    will attend is added to the people taking part (invited to meetings)."""

    action = serializers.ChoiceField(choices=["participation_needs_change"])
    interpreter_language = serializers.CharField(max_length=80, required=False, allow_blank=True)
    bsl = serializers.BooleanField(required=False)
    access = serializers.ListField(
        child=serializers.ChoiceField(choices=Access.choices), required=False, max_length=3
    )
    access_other = serializers.CharField(max_length=500, required=False, allow_blank=True)
    times = serializers.ListField(
        child=serializers.ChoiceField(choices=Times.choices), required=False, max_length=2
    )
    times_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    child_ways = serializers.ListField(
        child=serializers.ChoiceField(choices=ChildWay.choices), required=False, max_length=6
    )
    child_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    supporter_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    supporter_relationship = serializers.CharField(max_length=100, required=False, allow_blank=True)
    supporter_contact = serializers.CharField(max_length=254, required=False, allow_blank=True)
    supporter_attends = serializers.BooleanField(required=False)

    def service_kwargs(self, data, case) -> dict:
        current = needs_for(case)
        names = [field.name for field in dataclasses.fields(NeedsInput)]
        values = {name: data.get(name, getattr(current, name)) for name in names}
        for many in ("access", "times", "child_ways"):
            values[many] = tuple(values[many])
        return {"needs": NeedsInput(**values)}
