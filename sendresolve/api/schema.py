"""drf-spectacular extensions: the token scheme, and strict request bodies, as documented."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "sendresolve.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from `manage.py create_api_token USERNAME`.",
        }


class StrictBodySchema(OpenApiSerializerExtension):
    """A ``StrictSerializer`` refuses keys it does not know: say so in the request schema."""

    target_class = "sendresolve.api.serializers.common.StrictSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema
