#!/usr/bin/env python3
"""Regenerates docs/EVENTS.md from the event contracts in the code (run from the repository root)."""
import glob
import re

HEADER = """# Event catalogue

Every message on the `o2c.events` topic exchange. The source of truth is the code of the shared
contracts module (`Shared/O2CContracts/OrderToCash/*Events.swift`) and each service's own events;
this page is generated from it by `scripts/events-doc.py`. Messages are persistent JSON with the AMQP
properties and headers of CONTRACT.md (`message_id`, `correlation_id` = the order or return, `type` =
the routing key, `user_id` = the publishing service's broker user, `timestamp`, `content_type`; headers
`causation_id`, `producer`). A consumer believes a message only when its `user_id` is the service its
routing key names (docs/SECURITY.md). Amounts are strings with two decimals; times ISO 8601 UTC. The `orders.*_requested.v1` messages are the saga's commands to
the other services; outside systems may follow them too.
"""

PATTERN = re.compile(
    r'/// (.*?)\n(?:(?:public|package) )?struct (\w+): EventContract[^{]*\{\s*(?:(?:public|package) )?static let routingKey = "([^"]+)"(.*?)\n\s*(?:(?:public|package) )?init',
    re.S)

lines = [HEADER]
files = sorted(glob.glob("Shared/O2CContracts/OrderToCash/*Events.swift")) + sorted(glob.glob("Services/**/*Events.swift", recursive=True))
for path in files:
    for doc, name, key, body in PATTERN.findall(open(path).read()):
        lines += [f"## `{key}`", "", f"{doc.strip()} (`{name}`, {path})", "", "| field | type |", "|---|---|"]
        lines += [f"| `{field}` | `{kind.strip()}` |" for field, kind in re.findall(r'(?:(?:public|package) )?var (\w+): ([^\n=]+)', body)]
        lines.append("")
open("docs/EVENTS.md", "w").write("\n".join(lines))
