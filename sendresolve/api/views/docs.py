"""The human API reference at /api/v1/docs, built from the OpenAPI document.

No Swagger UI or Redoc: they would need a CDN or drf-spectacular-sidecar. This page is our own
GOV.UK layout listing every operation, its parameters, bodies and answers, from local assets.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from sendresolve.api.errors import PROBLEMS, problem_response

METHODS = ("get", "post", "put", "patch", "delete")


def describe(schema: dict) -> str:
    """A short, readable type for a schema: ``string (date)``, ``array of Session``, …"""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "oneOf" in schema or "anyOf" in schema:
        options = schema.get("oneOf") or schema.get("anyOf") or ()
        return " or ".join(describe(option) for option in options)
    if "allOf" in schema:
        return " and ".join(describe(option) for option in schema["allOf"])
    kind = schema.get("type", "any")
    if isinstance(kind, list):
        kind = " or ".join(k for k in kind if k != "null") + (" or null" if "null" in kind else "")
    if kind == "array":
        return f"array of {describe(schema.get('items', {}))}"
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return kind


def properties(schema: dict) -> list[dict]:
    required = set(schema.get("required", ()))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        rows.append(
            {
                "name": name,
                "type": describe(prop),
                "required": name in required,
                "read_only": prop.get("readOnly", False),
                "description": prop.get("description", ""),
                "enum": [v for v in prop.get("enum", []) if v not in ("", None)],
            }
        )
    return rows


def reference(document: dict) -> dict:
    """Turn the OpenAPI document into what the page lists."""
    operations = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {})
            operations.append(
                {
                    "id": op.get("operationId", f"{method}-{path}"),
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "tag": (op.get("tags") or ["other"])[0],
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": describe(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "request": [
                        {"media_type": media, "type": describe(content.get("schema", {}))}
                        for media, content in body.items()
                    ],
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "content": [
                                {"media_type": media, "type": describe(c.get("schema", {}))}
                                for media, c in response.get("content", {}).items()
                            ],
                        }
                        for status, response in op.get("responses", {}).items()
                    ],
                }
            )
    schemas = [
        {
            "name": name,
            "description": schema.get("description", ""),
            "type": describe(schema) if "properties" not in schema else "object",
            "properties": properties(schema),
            "enum": schema.get("enum", []),
        }
        for name, schema in sorted(document.get("components", {}).get("schemas", {}).items())
    ]
    return {"info": document.get("info", {}), "operations": operations, "schemas": schemas}


def docs(request: HttpRequest) -> HttpResponse:
    """The API reference, for signed-in staff (API clients read /api/v1/schema)."""
    if request.method not in ("GET", "HEAD"):
        return problem_response(
            "method-not-allowed",
            f'Method "{request.method}" not allowed.',
            instance=request.path,
            headers={"Allow": "GET, HEAD"},
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = SchemaGenerator().get_schema(request=None, public=True)
    problems = [
        {"slug": slug, "status": status, "title": title}
        for slug, (status, title) in PROBLEMS.items()
    ]
    return render(request, "api/docs.html", {**reference(document), "problems": problems})
