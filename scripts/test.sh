#!/usr/bin/env bash
# Install what the tests need and run the whole suite. On a fresh machine this
# needs apt (as root, or through sudo) for Chromium and Redis.
# KMI_TEST_DATABASE_URL=postgresql://... runs the same suite on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v redis-server >/dev/null || need_apt+=(redis-server)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
command -v zbarimg >/dev/null || need_apt+=(zbar-tools)  # reads the certificates' QR codes
if [ ${#need_apt[@]} -gt 0 ]; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
# Shared rate limits are tested against a real Redis on this machine.
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" >/dev/null
fi

python -m pip install --quiet --disable-pip-version-check -e ".[test]"
python -m pytest -n 2 "$@"
