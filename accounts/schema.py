"""OpenAPI description of the API token scheme (drf-spectacular finds extensions once they are imported)."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class ThrottledTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ThrottledTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
