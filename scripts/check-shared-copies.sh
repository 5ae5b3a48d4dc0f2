#!/usr/bin/env bash
# Check that the files copied from ../shared (listed in scripts/shared-copies.txt) still match
# their originals. CI runs it before the tests; anyone can run it by hand:
#
#   scripts/check-shared-copies.sh [SHARED_DIR]     (default: the shared/ folder beside the repo)
#
# Prints one line per copy that differs and exits 1; exits 0 when every copy matches, or when
# SHARED_DIR does not exist (a clone on its own has nothing to compare with).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-$repo/../shared}"
manifest="$repo/scripts/shared-copies.txt"

if [ ! -d "$shared" ]; then
  echo "check-shared-copies: $shared not found, nothing to compare"
  exit 0
fi
shared="$(cd "$shared" && pwd)"

checked=0
failed=0
while read -r copy original how || [ -n "$copy" ]; do
  case "$copy" in "" | "#"*) continue ;; esac
  checked=$((checked + 1))
  if [ ! -f "$shared/$original" ]; then
    echo "check-shared-copies: $copy: its original $shared/$original is missing"
    failed=$((failed + 1))
  elif [ ! -f "$repo/$copy" ]; then
    echo "check-shared-copies: $copy is missing (copy of $shared/$original)"
    failed=$((failed + 1))
  elif [ "$how" = "same" ]; then
    if ! cmp -s "$repo/$copy" "$shared/$original"; then
      echo "check-shared-copies: $copy differs from $shared/$original"
      failed=$((failed + 1))
    fi
  elif [[ "$how" == extended:* ]]; then
    taken_from="${how#extended:}"
    now="$(sha256sum < "$shared/$original" | cut -d' ' -f1)"
    if [ "$now" != "$taken_from" ]; then
      echo "check-shared-copies: $shared/$original changed since $copy was taken from it" \
        "(sha256 $taken_from, now $now): merge the change into $copy, then update the hash"
      failed=$((failed + 1))
    fi
  else
    echo "check-shared-copies: $copy: unknown comparison '$how' in $manifest"
    failed=$((failed + 1))
  fi
done < "$manifest"

if [ "$failed" -gt 0 ]; then
  echo "check-shared-copies: $failed of $checked copies differ from $shared"
  exit 1
fi
echo "check-shared-copies: $checked copies match $shared"
