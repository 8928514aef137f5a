#!/usr/bin/env bash
# Rewrites jars.sha256 after a change to pom.xml or to the Kafka version: resolves the pom with the same mvn
# command as `wirewatch broker fetch` (streams.ops.broker.resolve_jars) into a temporary folder, then writes the
# SHA-256 of every jar, sorted by name. Read the diff (each new jar and version) before committing it.
#
# Usage, from the repository: streams/ops/broker_files/update_sums.sh [KAFKA_VERSION]
# (default: the version the current jars.sha256 is for; PYTHON defaults to .venv/bin/python)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sums="$here/jars.sha256"
version="${1:-$(awk '/^# kafka /{print $3; exit}' "$sums")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"${PYTHON:-.venv/bin/python}" -c 'import sys; from pathlib import Path; from streams.ops.broker import resolve_jars
resolve_jars(sys.argv[1], Path(sys.argv[2]))' "$version" "$work/libs"
{
  echo "# SHA-256 of every jar that pom.xml resolves (runtime scope), sorted by name; checked by"
  echo "# \`wirewatch broker fetch\` and before each \`broker start\`. Written by update_sums.sh."
  echo "# kafka $version"
  (cd "$work/libs" && LC_ALL=C sha256sum -- *.jar | LC_ALL=C sort -k2)
} > "$sums.tmp"
mv "$sums.tmp" "$sums"
echo "wrote $(grep -vc '^#' "$sums") sums for Kafka $version to $sums"
