"""A stub API for scripts/fuzz.sh to check its own checks before it fuzzes the services.

It serves a one-operation document shaped like the services' `PUT /v1/settings` (an object of optional
keys, `additionalProperties: false`). `strict` answers as the services do: 200 for a body the document
accepts, `{}` included, and 422 for any other. `lax` answers 200 to every body. The fuzz run must pass on
`strict` (no false failure from a case Schemathesis generated as invalid that is valid) and fail on `lax`
(the negative-data check, run through scripts/fuzz_checks.py, still catches a server that accepts anything).

    python3 scripts/fuzz-stub.py strict|lax PORT
"""
import http.server
import json
import sys

DOCUMENT = b"""openapi: 3.1.0
info: {title: fuzz.sh stub, version: "1"}
paths:
  /v1/settings:
    put:
      operationId: putSettings
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              properties:
                companyName: { type: string, minLength: 1, maxLength: 120 }
      responses:
        "200": { description: The settings after the change., content: { application/json: { schema: { type: object } } } }
        "422": { description: Refused. }
"""
MODE, PORT = sys.argv[1], int(sys.argv[2])


def valid(body):
    if not isinstance(body, dict) or not set(body) <= {"companyName"}:
        return False
    name = body.get("companyName", "x")
    return isinstance(name, str) and 1 <= len(name) <= 120


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", content_type="application/json", allow=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if allow:
            self.send_header("Allow", allow)
        self.end_headers()
        self.wfile.write(body)

    def not_allowed(self):
        self.answer(405, allow="PUT")

    def do_GET(self):
        if self.path == "/openapi.yaml":
            self.answer(200, DOCUMENT, "application/yaml")
        else:
            self.not_allowed()

    def do_PUT(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if MODE == "lax" or valid(body):
            self.answer(200, b"{}")
        else:
            self.answer(422, b'{"code":"validation_failed"}', "application/problem+json")


for method in ("POST", "DELETE", "PATCH", "TRACE", "OPTIONS", "HEAD", "CONNECT", "QUERY"):
    setattr(Handler, f"do_{method}", Handler.not_allowed)

http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
