#!/usr/bin/env bash
# Downloads the schemas that KubernetesManifestsTest validates deploy/kubernetes against, checks
# each download against the SHA-256 in SOURCES.md, and writes this directory's files (the
# Kubernetes documents trimmed by trim-openapi.py to the kinds the manifests use).
#   deploy/kubernetes/schemas/update-schemas.sh
# To move to another release, change a version below, run it with VERIFY=0, and record the new
# commit and digests in SOURCES.md.
set -euo pipefail
cd "$(dirname "$0")"

OPERATOR=release-1.15.0
STRIMZI=1.2.0
KUBERNETES=1.35
KUBECTL_VALIDATE=a97ccfaca20b164819afdae780392496f6ed6bbd
SCHEMASTORE=3b6446ad8a077bac56f4a4796c0b7fd88927fc8e
VERIFY="${VERIFY:-1}"
RAW=https://raw.githubusercontent.com
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

get() { # URL FILE: download and, with VERIFY=1, compare with the digest SOURCES.md gives FILE
  curl -fsSL "$1" -o "$tmp/$2"
  local got want
  got="$(sha256sum "$tmp/$2" | cut -d' ' -f1)"
  echo "$2 $got"
  if [[ "$VERIFY" == 1 ]]; then
    want="$(grep -F "| \`$2\` |" SOURCES.md | grep -oE '[0-9a-f]{64}' | head -1)"
    [[ "$got" == "$want" ]] || { echo "SHA-256 of $2 is $got, SOURCES.md says $want" >&2; exit 1; }
  fi
}

get "$RAW/apache/flink-kubernetes-operator/$OPERATOR/helm/flink-kubernetes-operator/crds/flinkdeployments.flink.apache.org-v1.yml" flinkdeployments.flink.apache.org-v1.yml
get "$RAW/strimzi/strimzi-kafka-operator/$STRIMZI/packaging/install/cluster-operator/043-Crd-kafkatopic.yaml" 043-Crd-kafkatopic.yaml
get "$RAW/strimzi/strimzi-kafka-operator/$STRIMZI/packaging/install/cluster-operator/044-Crd-kafkauser.yaml" 044-Crd-kafkauser.yaml
builtins="$RAW/kubernetes-sigs/kubectl-validate/$KUBECTL_VALIDATE/pkg/openapiclient/builtins/$KUBERNETES"
get "$builtins/api/v1.json" api__v1_openapi.json
get "$builtins/apis/apps/v1.json" apis__apps__v1_openapi.json
get "$builtins/apis/rbac.authorization.k8s.io/v1.json" apis__rbac.authorization.k8s.io__v1_openapi.json
get "$RAW/SchemaStore/schemastore/$SCHEMASTORE/src/schemas/json/kustomization.json" kustomization.json

operator_dir="flink-kubernetes-operator-${OPERATOR#release-}"
mkdir -p "$operator_dir" "strimzi-$STRIMZI" "kubernetes-$KUBERNETES" schemastore
cp "$tmp/kustomization.json" schemastore/
cp "$tmp/flinkdeployments.flink.apache.org-v1.yml" "$operator_dir/"
cp "$tmp/043-Crd-kafkatopic.yaml" "$tmp/044-Crd-kafkauser.yaml" "strimzi-$STRIMZI/"
python3 trim-openapi.py "$tmp/api__v1_openapi.json" "kubernetes-$KUBERNETES/api-v1.json" \
  Namespace ServiceAccount ConfigMap PersistentVolumeClaim Service
python3 trim-openapi.py "$tmp/apis__apps__v1_openapi.json" "kubernetes-$KUBERNETES/apps-v1.json" \
  Deployment
python3 trim-openapi.py "$tmp/apis__rbac.authorization.k8s.io__v1_openapi.json" \
  "kubernetes-$KUBERNETES/rbac-v1.json" Role RoleBinding
sha256sum "$operator_dir"/* "strimzi-$STRIMZI"/* schemastore/* "kubernetes-$KUBERNETES"/*
