"""Schemathesis hooks of the fuzz suite (test/fuzz/openapi-fuzz.e2e-spec.ts), loaded through SCHEMATHESIS_HOOKS.

- Every answer is logged (operation, phase, mode, status, content type) to FUZZ_CALL_LOG, from which the
  suite counts the examples and the 2xx answers of each operation.
- A check that every 4xx and 5xx is application/problem+json naming its own status, with no stack trace
  or internal name in it.
- The token endpoint gets, now and then, the credentials of the sandbox's sign-in user or client, so that
  positive cases reach a 200 too (random credentials never do).
- A report's query string is kept under the transport's limit on the request head, in every phase.
"""

import json
import os
import random
import re
from urllib.parse import urlencode

import jsonschema_rs
import schemathesis

CALL_LOG = os.environ["FUZZ_CALL_LOG"]
SIGN_IN = json.loads(os.environ.get("FUZZ_SIGN_IN", "[]"))
# What a leaked stack trace or driver message looks like; fuzzed input echoed in a problem's detail never does.
LEAK = re.compile(r"\n\s+at |node_modules|\.(js|ts):\d+:\d+|MongoServerError|MongoError|KafkaJS|ReplyError|ECONNREFUSED")


def content_type_of(response):
    values = response.headers.get("content-type") or [""]
    return values[0] if isinstance(values, list) else values


@schemathesis.hook
def after_call(context, case, response):
    meta = case.meta
    with open(CALL_LOG, "a", encoding="utf-8") as log:
        log.write(
            json.dumps(
                {
                    "operation": case.operation.label,
                    "phase": meta.phase.name.value if meta else None,
                    "mode": meta.generation.mode.value if meta else None,
                    "status": response.status_code,
                    "contentType": content_type_of(response),
                }
            )
            + "\n"
        )


@schemathesis.check
def problem_details_on_errors(ctx, response, case):
    """Every 4xx and 5xx is RFC 9457 problem+json with its own status, and leaks nothing internal."""
    if response.status_code < 400:
        return None
    content_type = content_type_of(response)
    if not content_type.startswith("application/problem+json"):
        raise AssertionError(f"{response.status_code} answered as {content_type!r}, not application/problem+json")
    body = json.loads(response.content)
    for field in ("type", "title", "status", "detail"):
        if field not in body:
            raise AssertionError(f"problem without {field}: {body}")
    if body["status"] != response.status_code:
        raise AssertionError(f"problem status {body['status']} on a {response.status_code} answer")
    if LEAK.search(response.text):
        raise AssertionError(f"problem leaks an internal detail: {response.text[:500]}")
    return True


@schemathesis.hook("map_case").apply_to(name="POST /v1/auth/token")
def sign_in_now_and_then(context, case):
    """A third of the positive token requests carry real credentials (a user's or a client's)."""
    if SIGN_IN and case.meta and case.meta.generation.mode.value == "positive" and random.random() < 0.33:
        case.body = dict(random.choice(SIGN_IN))
    return case


@schemathesis.check
def batch_items_judged_one_by_one(ctx, response, case):
    """In a 202 to a batch, every item that breaks the documented item schema is rejected with a problem."""
    if case.operation.label != "POST /v1/events/batch" or response.status_code != 202:
        return None
    item_schema = dict(case.operation.schema.raw_schema["components"]["schemas"]["RegisterEventRequest"])
    validator = jsonschema_rs.Draft4Validator(item_schema, validate_formats=True)
    results = json.loads(response.content)["results"]
    for index, item in enumerate(case.body["events"]):
        if not validator.is_valid(item) and results[index]["status"] != "rejected":
            raise AssertionError(f"events[{index}] breaks the item schema but was {results[index]['status']}: {item!r}")
        if results[index]["status"] == "rejected" and "status" not in results[index].get("problem", {}):
            raise AssertionError(f"events[{index}] was rejected without a problem: {results[index]!r}")
    return True


@schemathesis.hook("map_case").apply_to(path_regex="^/v1/(reports|events|reimbursements|event-types)")
def valid_report_requests_now_and_then(context, case):
    """Half the positive queries leave out the opaque minPosition and cursor (random ones are 400s) and
    ask for months in order, so that the 200 paths are reached too."""
    if not case.meta or case.meta.generation.mode.value != "positive" or random.random() < 0.5:
        return case
    for container in (case.query, case.body):
        if isinstance(container, dict):
            container.pop("minPosition", None)
            container.pop("cursor", None)
            if isinstance(container.get("from"), str) and isinstance(container.get("to"), str):
                container["from"], container["to"] = sorted([container["from"], container["to"]])
    return case


QUERY_LIMIT = 8192


@schemathesis.hook
def before_call(context, case, kwargs):
    """Shortens the lists of a report's query string to under 8 KB: Node refuses a request head over
    16 KB (a problem+json 431, client-error-problems.ts), a limit of the transport that the schema cannot
    express; a list that long goes in the body of POST /v1/reports/monthly/query, which is fuzzed in full.
    Before every call, not as a generation filter: the coverage phase's cases (a list thousands of ids
    long, the same method undeclared, the token left out) pass no filter. Schemathesis then judges the
    case as sent, positive or negative."""
    query = case.query
    if case.operation.label != "GET /v1/reports/monthly" or not isinstance(query, dict):
        return
    for name, value in query.items():
        while isinstance(value, list) and len(value) > 1 and encoded_length(query) >= QUERY_LIMIT:
            del value[len(value) // 2 :]
        if isinstance(value, str) and encoded_length(query) >= QUERY_LIMIT:
            query[name] = value[: QUERY_LIMIT // 4]


def encoded_length(query):
    """The query string's length as sent: a list as the parameter repeated, each value percent-encoded."""
    return len(urlencode(query, doseq=True))
