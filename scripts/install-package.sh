#!/usr/bin/env bash
# Installs a packed fraiseql-wire (the .tgz of `npm pack`) with its production dependencies only,
# into an empty folder: what the Docker image's runtime stage holds. The Dockerfile runs this script,
# and test/delivery/packageInstall.spec.ts runs it and starts the server from the result.
#   usage: scripts/install-package.sh <fraiseql-wire-VERSION.tgz> <package-lock.json> <target folder>
# The lockfile pins every production dependency to the version the tests ran with (npm ci).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 <fraiseql-wire-VERSION.tgz> <package-lock.json> <target folder>" >&2
  exit 2
fi
tarball=$(realpath "$1") lockfile=$(realpath "$2") target=$3
mkdir -p "$target"
if [[ -n "$(ls -A "$target")" ]]; then
  echo "install-package: $target is not empty" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$target" --strip-components=1
cp "$lockfile" "$target/package-lock.json"
cd "$target"
# No install scripts: no production dependency needs one, and none may run in the image build.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
