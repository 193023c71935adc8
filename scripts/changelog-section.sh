#!/usr/bin/env bash
# Prints the body of one version's section of CHANGELOG.md (the GitHub release notes of
# .github/workflows/release.yml): everything under `## [VERSION]` up to the next `## [` heading or
# the link definitions at the end. Fails when the section is missing or empty.
#   usage: scripts/changelog-section.sh VERSION [CHANGELOG.md]
set -euo pipefail
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: $0 VERSION [CHANGELOG.md]" >&2
  exit 2
fi
version=$1 changelog=${2:-CHANGELOG.md}
section=$(awk -v heading="## [$version]" '
  index($0, heading) == 1 && (length($0) == length(heading) || substr($0, length(heading) + 1, 1) == " ") { inside = 1; next }
  inside && (/^## \[/ || /^\[[^]]+\]: /) { exit }
  inside { print }
' "$changelog")
# Leading and trailing blank lines go; the section must say something.
section=$(printf '%s\n' "$section" | sed -e '/./,$!d' | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}')
if [[ -z "${section//[[:space:]]/}" ]]; then
  echo "changelog-section: $changelog has no section for $version, or it is empty" >&2
  exit 1
fi
printf '%s\n' "$section"
