#!/usr/bin/env bash
# Fetch pinned npm tarballs, check each against its recorded integrity, and unpack them.
#
#     tools/npm_fetch.sh LIST DEST     # LIST: lines "name@version sha512-…" (# comments)
#
# Each package lands in DEST/<name>/ (the tarball's package/ folder). A tarball whose hash
# differs from LIST is refused, and nothing of it is unpacked. Needs npm (the npm registry) once;
# nothing fetched here is used from the network afterwards.
set -euo pipefail
list=${1:?usage: tools/npm_fetch.sh LIST DEST}
dest=${2:?usage: tools/npm_fetch.sh LIST DEST}
command -v npm >/dev/null || { echo "error: npm is needed to fetch $list (apt-get install npm)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dest"
grep -v '^\s*#' "$list" | while read -r spec want; do
  [ -n "$spec" ] || continue
  name=${spec%@*}
  file=$(cd "$tmp" && npm pack --silent "$spec" | tail -1)
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/$file" | base64 -w0)"
  if [ "$got" != "$want" ]; then
    echo "error: $spec: the tarball's hash $got is not the one in $list ($want)" >&2
    exit 1
  fi
  rm -rf "${dest:?}/$name" && mkdir -p "$dest/$name"
  tar xzf "$tmp/$file" -C "$dest/$name" --strip-components=1
  echo "==> $spec (integrity checked)"
done
