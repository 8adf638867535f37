#!/bin/sh
# Gives a RabbitMQ broker the suite's users and topology (CONTRACT.md "Broker identity"): creates (or
# updates the password of) one user per service and the template reader `o2c-reader`, then imports
# definitions.json (virtual host, exchanges, queues, bindings, and each user's permissions and topic
# permissions on o2c.events). Used alike by scripts/infra.sh, docker-compose and the Kubernetes Job.
# Re-running it is harmless; after changing a password variable it rotates that user's password.
#
#   RABBITMQ_API              management API base, e.g. http://127.0.0.1:15672 (default)
#   RABBITMQ_ADMIN            user:password of an administrator (the operator's `o2c`)
#   O2C_VHOST                 the virtual host to import into (default: the file's, `o2c`)
#   O2C_QUORUM_GROUP_SIZE     1..7: written into every quorum queue's x-quorum-initial-group-size, so the
#                             imported queues match what the services declare with the same variable
#                             (default: the file's value)
#   O2C_AMQP_PASSWORD_ORDERS, _CREDIT, _WAREHOUSE_DISPATCH, _FINANCE_COLLECTIONS, _AFTER_SALES,
#   O2C_AMQP_PASSWORD_O2C_READER
#                             the users' passwords (letters, digits, '-' and '_'); required
#
#   apply.sh [definitions.json]
set -eu
API=${RABBITMQ_API:-http://127.0.0.1:15672}
DEFINITIONS=${1:-$(dirname "$0")/definitions.json}
: "${RABBITMQ_ADMIN:?RABBITMQ_ADMIN (user:password of a RabbitMQ administrator) is required}"
case "${O2C_QUORUM_GROUP_SIZE:-}" in
  '' | [1-7]) ;;
  *) echo "apply.sh: O2C_QUORUM_GROUP_SIZE must be a whole number from 1 to 7" >&2; exit 1 ;;
esac

api() { curl -fsS --retry 30 --retry-all-errors --retry-delay 2 -o /dev/null -u "$RABBITMQ_ADMIN" -H 'content-type: application/json' "$@"; }

for user in orders credit warehouse-dispatch finance-collections after-sales o2c-reader; do
  var=O2C_AMQP_PASSWORD_$(echo "$user" | tr 'a-z-' 'A-Z_')
  eval "password=\${$var:-}"
  [ -n "$password" ] || { echo "apply.sh: $var is not set (the password of broker user $user)" >&2; exit 1; }
  case "$password" in *[!A-Za-z0-9_-]*) echo "apply.sh: $var may hold only letters, digits, '-' and '_'" >&2; exit 1 ;; esac
  api -X PUT "$API/api/users/$user" -d "{\"password\":\"$password\",\"tags\":\"\"}"
done

if [ -n "${O2C_VHOST:-}" ]; then
  body=$(sed "s/\"vhost\" : \"o2c\"/\"vhost\" : \"$O2C_VHOST\"/; s/\"name\" : \"o2c\"/\"name\" : \"$O2C_VHOST\"/" "$DEFINITIONS")
else
  body=$(cat "$DEFINITIONS")
fi
if [ -n "${O2C_QUORUM_GROUP_SIZE:-}" ]; then
  body=$(printf '%s' "$body" | sed "s/\"x-quorum-initial-group-size\" : [0-9][0-9]*/\"x-quorum-initial-group-size\" : $O2C_QUORUM_GROUP_SIZE/g")
fi
printf '%s' "$body" | api -X POST --data-binary @- "$API/api/definitions"
# The operator keeps full rights in the vhost (management UI, o2cctl).
vhost=${O2C_VHOST:-o2c}
api -X PUT "$API/api/permissions/$(printf '%s' "$vhost" | sed 's|/|%2F|g')/${RABBITMQ_ADMIN%%:*}" -d '{"configure":".*","write":".*","read":".*"}'
