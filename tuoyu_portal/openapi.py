"""OpenAPI post-processing (drf-spectacular): the error answers every operation can give, with their bodies.

DRF answers refusals the same way everywhere, so they are documented once here instead of on each view:
- 400 invalid input (a field → messages object, or {"detail"}), for operations that take a body or query;
- 401 no or a bad token, 403 a read-only role or another role's action, 429 throttled (operations that need a
  log-in; the public complaint endpoints have their own 429 and no 401/403);
- 404 an object outside the caller's scope, or a page number past the end;
- 409 a business action refused in the object's state (FilingActionError & co., with "detail");
- 413/415 an oversized or wrongly typed body.
A status an operation already documents is left as it is. tests/api/test_schema_fuzz.py runs schemathesis
against the result: any undocumented status fails the build.
"""
ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION_ERROR = {"$ref": "#/components/schemas/ValidationError"}

DESCRIPTIONS = {
    "400": "输入有误 / Invalid input",
    "401": "未登录或令牌无效 / Not authenticated",
    "403": "无权执行 / Not permitted for this role",
    "404": "不存在或不在管辖范围内 / Not found or outside the caller's scope",
    "409": "当前状态下不能执行 / Refused in the object's current state",
    "413": "请求体过大 / Request body too large",
    "415": "不支持的内容类型 / Unsupported media type",
    "429": "请求过于频繁 / Too many requests",
}
ACTION_METHODS = {"post", "put", "patch", "delete"}


def _response(code: str, schema: dict) -> dict:
    return {"description": DESCRIPTIONS[code], "content": {"application/json": {"schema": schema}}}


def add_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
        "additionalProperties": True,
    }
    components["ValidationError"] = {
        "type": "object",
        "description": "字段 → 错误信息，或 detail / field name → messages, or detail",
        "additionalProperties": True,
    }
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            needs_login = any(requirement for requirement in operation.get("security", [{}]))
            takes_input = bool(operation.get("parameters")) or "requestBody" in operation or "{" in path
            codes = {"404": ERROR, "429": ERROR}
            if takes_input:
                codes["400"] = VALIDATION_ERROR
            if needs_login:
                codes.update({"401": ERROR, "403": ERROR})
            if method in ACTION_METHODS:
                codes.update({"409": ERROR, "413": ERROR, "415": ERROR, "400": VALIDATION_ERROR})
            for code, schema in codes.items():
                responses.setdefault(code, _response(code, schema))
    return result
