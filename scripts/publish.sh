#!/usr/bin/env bash
# Cuts a release of fraiseql-wire in the checkout it is run from (CONTRIBUTING.md#release):
#   scripts/publish.sh [--dry-run] VERSION        e.g. scripts/publish.sh 0.2.0
#  1. checks: a clean tree on branch main, VERSION is X.Y.Z and not below the current version,
#     CHANGELOG.md's Unreleased section says something;
#  2. sets VERSION in package.json, package-lock.json, the Dockerfile's OCI version label,
#     k8s/base/kustomization.yaml's image tag and docs/api.md (the API reference's version line);
#  3. moves CHANGELOG.md's Unreleased section under `## [VERSION] - DATE`, and its links;
#  4. runs the tests (make test; PUBLISH_TEST_COMMAND replaces it);
#  5. commits "Release vVERSION" and tags vVERSION (annotated).
# It pushes nothing: `git push origin main vVERSION` then starts .github/workflows/release.yml.
# Idempotent: run again once VERSION is tagged at HEAD, it does nothing. A failed step leaves the
# tree as it found it. --dry-run shows every step and changes nothing.
set -Eeuo pipefail

REPO_URL=https://github.com/fraiseql/fraiseql-wire
dry_run=false
version=""
for arg in "$@"; do
  case "$arg" in
    --dry-run) dry_run=true ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "publish: unknown option $arg" >&2; exit 2 ;;
    *) [[ -z "$version" ]] || { echo "publish: one VERSION only" >&2; exit 2; }; version=$arg ;;
  esac
done
if [[ ! "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]]; then
  echo "usage: scripts/publish.sh [--dry-run] X.Y.Z" >&2
  exit 2
fi

cd "$(git rev-parse --show-toplevel)"
say() { echo "publish: $*"; }
fail() { echo "publish: $*" >&2; exit 1; }
# step DESCRIPTION COMMAND...: runs the command, or in a dry run says what it would do.
step() {
  local description=$1
  shift
  if $dry_run; then say "  would $description"; else "$@"; fi
}

tag="v$version"
current=$(node -p 'require("./package.json").version')
files=(package.json package-lock.json Dockerfile k8s/base/kustomization.yaml docs/api.md CHANGELOG.md)

# 1. Checks. Already released here: nothing to do.
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then
  if [[ "$(git rev-list -n 1 "$tag")" == "$(git rev-parse HEAD)" && "$current" == "$version" ]]; then
    say "$tag is already released at HEAD ($(git rev-parse --short HEAD)): nothing to do"
    exit 0
  fi
  fail "$tag already exists at $(git rev-parse --short "$tag^{commit}"): pick another version"
fi
branch=$(git symbolic-ref --quiet --short HEAD || echo "(detached)")
[[ "$branch" == main ]] || fail "releases are cut from main, not $branch"
[[ -z "$(git status --porcelain)" ]] || fail "the working tree is not clean: commit or stash first ($(git status --porcelain | head -n 3 | tr '\n' ' '))"
if [[ "$(printf '%s\n%s\n' "$current" "$version" | sort -V | head -n 1)" != "$current" ]]; then
  fail "$version is below the current version $current"
fi
notes=$(scripts/changelog-section.sh Unreleased) || fail "CHANGELOG.md's Unreleased section is empty: nothing to release"
date=${PUBLISH_DATE:-$(date -u +%F)}
previous=$(git tag --list 'v*' --sort=-v:refname | head -n 1)
say "releasing $tag ($current -> $version) from $(git rev-parse --short HEAD)${previous:+, previous release $previous}$($dry_run && echo '; dry run: nothing changes')"

# A failure past this point restores the files, so that the tree is as it was.
restore() { git checkout -- "${files[@]}"; }
$dry_run || trap 'restore; echo "publish: failed: the files were restored" >&2' ERR

# 2. The version everywhere it is written.
say "step 1/5: set the version to $version in ${files[*]:0:5}"
set_version() {
  npm version "$version" --no-git-tag-version --allow-same-version --ignore-scripts >/dev/null
  sed -i -E "s|(org\.opencontainers\.image\.version=)\"[^\"]*\"|\1\"$version\"|" Dockerfile
  sed -i -E "s|^(    newTag: )\"[^\"]*\"|\1\"$version\"|" k8s/base/kustomization.yaml
  sed -i -E "s|^(This reference describes \*\*fraiseql-wire )[^*]+(\*\*)|\1$version\2|" docs/api.md
}
step "run npm version $version --no-git-tag-version (package.json, package-lock.json), and set the Dockerfile's org.opencontainers.image.version, k8s/base/kustomization.yaml's newTag and docs/api.md's version line to \"$version\"" set_version

# 3. CHANGELOG: Unreleased becomes the version's section; an empty Unreleased stays on top.
say "step 2/5: CHANGELOG.md: Unreleased becomes \"## [$version] - $date\":"
printf '%s\n' "$notes" | sed 's/^/publish:   | /'
if [[ -n "$previous" ]]; then version_link="$REPO_URL/compare/$previous...$tag"; else version_link="$REPO_URL/releases/tag/$tag"; fi
changelog() {
  awk -v version="$version" -v date="$date" -v unreleased_link="$REPO_URL/compare/$tag...HEAD" -v version_link="$version_link" '
    $0 == "## [Unreleased]" { print; print ""; print "## [" version "] - " date; next }
    /^\[Unreleased\]: / { print "[Unreleased]: " unreleased_link; print "[" version "]: " version_link; next }
    { print }
  ' CHANGELOG.md >CHANGELOG.md.new && mv CHANGELOG.md.new CHANGELOG.md
}
step "rewrite CHANGELOG.md: an empty Unreleased, then ## [$version] - $date; links [Unreleased] -> $tag...HEAD, [$version] -> $version_link" changelog

# 4. The tests, on the released tree.
test_command=${PUBLISH_TEST_COMMAND:-make test}
say "step 3/5: test: $test_command"
step "run: $test_command" bash -c "$test_command"

# 5. Commit and tag.
say "step 4/5: commit \"Release $tag\""
step "git add ${files[*]}" git add -- "${files[@]}"
step "git commit -m \"Release $tag\"" git commit --quiet -m "Release $tag"
say "step 5/5: tag $tag"
step "git tag -a $tag -m \"fraiseql-wire $version\"" git tag -a "$tag" -m "fraiseql-wire $version"
trap - ERR

if $dry_run; then
  say "dry run done: nothing was changed"
else
  say "released $tag at $(git rev-parse --short HEAD). Publish it with: git push origin main $tag"
fi
