#!/usr/bin/env bash
# Validates the deployment files without Docker or a cluster:
#   - docker-compose.yml with `docker-compose config -q` (docker-compose 1.29.2 from PyPI);
#   - deploy/k8s rendered with kustomize (`kubectl kustomize`, else `kustomize build`), each object
#     checked by kubernetes-validate against the Kubernetes schemas (--strict: unknown fields fail).
#     The operators' custom resources (RabbitmqCluster, CloudNativePG Cluster, KEDA ScaledObject and
#     TriggerAuthentication) have no schema there, and this kubernetes-validate has no
#     --ignore-missing-schemas: the script sets them aside explicitly, lists them and checks only their
#     apiVersion/kind/name. Without kustomize the plain files are validated instead.
#   - deploy/rabbitmq/definitions.json parses as JSON (its content is checked against the code by
#     Tests/ServicesContractTests/TopologyDefinitionsTests.swift).
# The tools go into two virtualenvs under ${O2C_TOOLS_VENV:-$HOME/.cache/o2c-deploy-tools} (docker-compose
# 1.29.2 pins jsonschema<4, kubernetes-validate needs a newer one); a second run only checks they are there.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${O2C_TOOLS_VENV:-$HOME/.cache/o2c-deploy-tools}
K8S_VERSION=${O2C_K8S_VERSION:-1.30.0}
log() { printf 'validate-deploy: %s\n' "$*" >&2; }

COMPOSE="$VENV/compose/bin/docker-compose"
KUBE_VALIDATE="$VENV/k8s/bin/kubernetes-validate"
PYTHON="$VENV/k8s/bin/python"

install_tools() {
  if [ ! -x "$COMPOSE" ]; then
    log "installing docker-compose 1.29.2 into $VENV/compose"
    python3 -m venv "$VENV/compose"
    # docker-compose 1.29.2 builds PyYAML 5.x, which needs cython<3 (MACHINE-NOTES.md).
    echo 'cython<3' > "$VENV/compose/constraints.txt"
    PIP_CONSTRAINT="$VENV/compose/constraints.txt" "$VENV/compose/bin/pip" install -q docker-compose==1.29.2
  fi
  if [ ! -x "$KUBE_VALIDATE" ]; then
    log "installing kubernetes-validate into $VENV/k8s"
    python3 -m venv "$VENV/k8s"
    "$VENV/k8s/bin/pip" install -q kubernetes-validate pyyaml
  fi
}

# Secrets docker-compose.yml has no default for: it must refuse to render without any one of them.
COMPOSE_SECRETS="O2C_AUTH_SECRET O2C_AMQP_PASSWORD O2C_AMQP_PASSWORD_ORDERS O2C_AMQP_PASSWORD_CREDIT
  O2C_AMQP_PASSWORD_WAREHOUSE_DISPATCH O2C_AMQP_PASSWORD_FINANCE_COLLECTIONS O2C_AMQP_PASSWORD_AFTER_SALES
  O2C_AMQP_PASSWORD_O2C_READER"

validate_compose() {
  log "docker-compose config -q (docker-compose.yml)"
  # The file refuses to render without its secrets; placeholder ones check the rest.
  local name placeholders=()
  for name in $COMPOSE_SECRETS; do placeholders+=("$name=validation-only-placeholder-0123456789abcdef"); done
  env "${placeholders[@]}" "$COMPOSE" -f docker-compose.yml config -q
  env "${placeholders[@]}" "$COMPOSE" -f docker-compose.yml --profile scaled config -q
  for name in $COMPOSE_SECRETS; do
    if env "${placeholders[@]}" -u "$name" "$COMPOSE" -f docker-compose.yml config -q 2>/dev/null; then
      log "docker-compose.yml renders without $name; it must refuse"; exit 1
    fi
  done
}

render_k8s() {
  if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize --load-restrictor LoadRestrictionsNone deploy/k8s
  elif command -v kustomize >/dev/null 2>&1; then
    kustomize build --load-restrictor LoadRestrictionsNone deploy/k8s
  else
    return 1
  fi
}

# Splits a multi-document YAML into one file per object in $2; prints the custom resources it set aside.
split_objects() {
  "$PYTHON" - "$1" "$2" <<'PY'
import sys, yaml, os
source, out = sys.argv[1], sys.argv[2]
custom = ("rabbitmq.com/", "postgresql.cnpg.io/", "keda.sh/", "kustomize.config.k8s.io/")
for n, doc in enumerate(d for d in yaml.safe_load_all(open(source)) if d):
    kind, api, name = doc.get("kind"), doc.get("apiVersion", ""), (doc.get("metadata") or {}).get("name")
    if not (kind and api and name):
        sys.exit(f"{source}: object {n} lacks apiVersion, kind or metadata.name")
    if api.startswith(custom):
        print(f"  custom resource, no schema in kubernetes-validate (checked for apiVersion/kind/name only): {api} {kind} {name}")
        continue
    with open(os.path.join(out, f"{n:03d}-{kind}-{name}.yaml"), "w") as f:
        yaml.safe_dump(doc, f)
PY
}

validate_k8s() {
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  mkdir -p "$work/objects"
  if render_k8s > "$work/rendered.yaml"; then
    log "kubernetes-validate over deploy/k8s rendered by kustomize (Kubernetes $K8S_VERSION)"
    split_objects "$work/rendered.yaml" "$work/objects"
    # The optional KEDA component, rendered on its own so it is checked too.
    mkdir -p "$work/keda"
    cp -R deploy "$work/keda/"
    sed -i 's|^# components:|components:|; s|^#   - components/keda-finance|  - components/keda-finance|' "$work/keda/deploy/k8s/kustomization.yaml"
    (cd "$work/keda" && render_k8s > "$work/rendered-keda.yaml" 2>/dev/null || kubectl kustomize --load-restrictor LoadRestrictionsNone deploy/k8s > "$work/rendered-keda.yaml")
    grep -q 'kind: ScaledObject' "$work/rendered-keda.yaml" || { log "KEDA component did not render a ScaledObject"; return 1; }
    mkdir -p "$work/keda-objects"
    split_objects "$work/rendered-keda.yaml" "$work/keda-objects" >/dev/null
  else
    log "no kustomize: kubernetes-validate over the plain files of deploy/k8s"
    local file n=0
    while IFS= read -r file; do
      n=$((n + 1))
      split_objects "$file" "$work/objects"
    done < <(find deploy/k8s -name '*.yaml' ! -name kustomization.yaml | sort)
  fi
  "$KUBE_VALIDATE" --quiet --strict -k "$K8S_VERSION" "$work"/objects/*.yaml
}

validate_definitions() {
  log "deploy/rabbitmq/definitions.json is JSON"
  python3 -m json.tool deploy/rabbitmq/definitions.json >/dev/null
}

install_tools
validate_compose
validate_k8s
validate_definitions
log "all deployment files are valid"
