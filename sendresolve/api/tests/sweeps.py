"""Every serializer that reads client input, found from the OpenAPI generator (for sweeps)."""

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers


def _classes(found) -> set[type]:
    """Serializer classes in ``found`` (classes, instances or polymorphic proxies) and every
    serializer nested in their fields."""
    out: set[type] = set()
    stack = list(found)
    while stack:
        item = stack.pop()
        if isinstance(item, PolymorphicProxySerializer):
            members = item.serializers
            stack.extend(members.values() if isinstance(members, dict) else members)
            continue
        if isinstance(item, serializers.ListSerializer):
            item = item.child
        cls = item if isinstance(item, type) else type(item)
        if not issubclass(cls, serializers.Serializer) or cls in out:
            continue
        out.add(cls)
        for field in cls._declared_fields.values():
            field = getattr(field, "child", field)
            if isinstance(field, serializers.Serializer):
                stack.append(type(field))
    return out


def _views():
    generator = SchemaGenerator()
    generator._initialise_endpoints()
    for _path, _regex, method, view in generator._get_paths_and_endpoints():
        view.request = None
        yield method, view


def body_serializers() -> set[type]:
    """The serializer of every request body, and the serializers nested in them."""
    return _classes(
        view.schema.get_request_serializer()
        for method, view in _views()
        if method in ("POST", "PUT", "PATCH") and view.schema.get_request_serializer()
    )


def strict_serializers() -> set[type]:
    """Every ``StrictSerializer`` subclass (bodies and the report queries), once the API's URLs,
    and so all its views and serializers, are imported."""
    import sendresolve.api.urls  # noqa: F401
    from sendresolve.api.serializers.common import StrictSerializer

    out: set[type] = set()
    stack = [StrictSerializer]
    while stack:
        cls = stack.pop()
        out.add(cls)
        stack.extend(sub for sub in cls.__subclasses__() if sub not in out)
    return out
