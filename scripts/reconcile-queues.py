#!/usr/bin/env python3
"""Brings a development broker's queues in line with deploy/rabbitmq/definitions.json before it is imported.

A queue's arguments (its type, delivery limit, quorum group size, ...) are fixed when it is declared: an
import leaves an existing queue as it is, and a service that declares it with other arguments is refused
(406 PRECONDITION_FAILED) at start. On a machine whose queues were made by an earlier version, each such
queue that is empty is deleted here, so that the import makes it again as the code declares it; one that
holds messages is left alone and named, with what differs, and the script fails: its messages are
somebody's work (drain it first, or move them with a shovel).

    reconcile-queues.py API USER:PASSWORD VHOST DEFINITIONS [GROUP_SIZE]
"""
import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def call(api, credentials, method, path):
    request = urllib.request.Request(api + path, method=method)
    request.add_header("Authorization", "Basic " + base64.b64encode(credentials.encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            return json.loads(body) if body else None
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def main():
    api, credentials, vhost, definitions = sys.argv[1:5]
    group_size = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[5] else None
    with open(definitions) as file:
        wanted = json.load(file).get("queues", [])
    quoted = urllib.parse.quote(vhost, safe="")
    stuck = []
    for queue in wanted:
        arguments = dict(queue.get("arguments", {}))
        if group_size is not None and "x-quorum-initial-group-size" in arguments:
            arguments["x-quorum-initial-group-size"] = group_size
        name = urllib.parse.quote(queue["name"], safe="")
        current = call(api, credentials, "GET", f"/api/queues/{quoted}/{name}")
        if current is None or current.get("arguments", {}) == arguments:
            continue
        have = current.get("arguments", {})
        differs = sorted(k for k in set(have) | set(arguments) if have.get(k) != arguments.get(k))
        if current.get("messages", 0) == 0:
            call(api, credentials, "DELETE", f"/api/queues/{quoted}/{name}")  # quorum queues take no if-empty
            print(f"reconcile-queues: {vhost}/{queue['name']} was declared with other {', '.join(differs)}; "
                  "it was empty and is made again as the code declares it", file=sys.stderr)
        else:
            stuck.append(f"{queue['name']} ({current.get('messages')} messages; differs in {', '.join(differs)})")
    if stuck:
        print(f"reconcile-queues: in vhost {vhost}, queues from an earlier version hold messages and cannot be "
              f"declared again: {'; '.join(stuck)}. Drain them (or move the messages with a shovel), then start again.",
              file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
