"""Schemathesis hooks for scripts/fuzz.sh (loaded by scripts/schemathesis.toml)."""
import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case


# The prefixes of the `detail` of a 422 `validation_failed` that comes from the document itself (the
# request validator, Shared/O2CRuntime/RequestValidator.swift) or from a route's decoder (a field the
# document allows but the Codable type refuses, ProblemMiddleware).
SCHEMA_REFUSALS = ("the request does not match the API", "the request body is not valid")


@schemathesis.check
def valid_data_not_refused_as_invalid(ctx, response, case):
    """Data generated as valid from the document is never refused by the document's own rules.

    positive_data_acceptance takes a 422: a route's rules may refuse well-formed data for reasons no
    schema can say (an order that does not exist, a total that is not quantity x unit price, one of two
    query parameters required). This check keeps those 422s honest: a refusal by the request validator
    or by a decoder means the document, the validator and the code disagree about what is valid.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or is_unexpected_http_status_case(case):
        return None
    if response.status_code != 422:
        return None
    try:
        body = response.json()
    except Exception:
        return None
    if isinstance(body, dict) and body.get("code") == "validation_failed" and str(body.get("detail", "")).startswith(SCHEMA_REFUSALS):
        raise AssertionError(
            f"Schema-valid data was refused by the document's rules: {body.get('detail')}; errors: {body.get('errors')}")
    return None
