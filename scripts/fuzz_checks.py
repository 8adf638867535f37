"""Schemathesis hooks for scripts/fuzz.sh (loaded by scripts/schemathesis.toml)."""
import json
import os

import schemathesis
from schemathesis.core.failures import AcceptedNegativeData
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case, negative_data_rejection


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


def _negative_body_is_valid(case):
    """Whether a case generated as invalid carries, in fact, a body the document accepts, and nothing else invalid.

    Schemathesis 4.32.5 can negate a property the document does not require by first making it required
    and then removing it: the case is reported as "Missing required property: companyName" and sends
    `{}`, which `PUT /v1/settings` documents as a change of nothing (CI, finance-collections and
    warehouse-dispatch, seed 20261201; the kind of schemathesis#4332). The body is checked again here,
    against the document's own schema for it, with Schemathesis' own validator.
    """
    from schemathesis.core import NOT_SET
    from schemathesis.core.jsonschema import make_validator
    from schemathesis.core.parameters import ParameterLocation

    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative or case.body is NOT_SET:
        return False
    if not meta.is_negative_at(ParameterLocation.BODY):
        return False
    for location in ParameterLocation:
        if location == ParameterLocation.BODY or not meta.is_negative_at(location):
            continue
        # A negated header of an operation that declares none is its `Authorization`, which fuzz.sh's `-H`
        # replaces with the real token before the request is sent.
        if location == ParameterLocation.HEADER and not case.operation.get_parameter_set(location):
            continue
        return False
    alternative = case.operation.get_body_for_media_type(case.media_type)
    if alternative is None:
        return False
    try:
        validator = make_validator(alternative.optimized_schema, case.operation.schema.adapter.jsonschema_validator_cls)
        return validator.is_valid(case.body)
    except Exception:
        return False


@schemathesis.check
def schema_violating_request_rejected(ctx, response, case):
    """Schemathesis' negative_data_rejection, less the accepted cases that were never invalid.

    scripts/schemathesis.toml turns the built-in check off and this one on. It runs the built-in check,
    with the same expected statuses, and lets a failure of it stand unless the case's only "invalid" part
    is a body the document accepts. Each case let pass is listed in $O2C_FUZZ_VALID_NEGATIVES with the
    answer it got, and fuzz.sh prints them.
    """
    try:
        return negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        if not _negative_body_is_valid(case):
            raise
        notes = os.environ.get("O2C_FUZZ_VALID_NEGATIVES")
        if notes:
            with open(notes, "a") as out:
                body = json.dumps(case.body, ensure_ascii=False)[:200]
                out.write(f"{case.method} {case.path} {body} -> {response.status_code}\n")
        return None
