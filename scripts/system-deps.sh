#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, once. Idempotent: a package already
# present is not fetched again.
set -euo pipefail
needed=()
for pkg in "$@"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || needed+=("$pkg")
done
if [ ${#needed[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then echo "system-deps: run as root to install: ${needed[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}"
fi
