"""Schemathesis hooks for scripts/fuzz.sh (loaded by scripts/schemathesis.toml)."""
import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case


@schemathesis.check
def valid_data_not_refused_as_invalid(ctx, response, case):
    """Data generated as valid from the document is never refused as `validation_failed`.

    positive_data_acceptance takes a 422 (a business rule's refusal of well-formed data, e.g.
    `price_below_factory_floor`); this check keeps the 422s honest: one whose code is
    `validation_failed` means the document allows what the service refuses.
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
    if isinstance(body, dict) and body.get("code") == "validation_failed":
        raise AssertionError(
            f"Schema-valid data was refused as validation_failed: {body.get('detail')}; errors: {body.get('errors')}")
    return None
