#!/usr/bin/env bash
# What case documents (sendresolve/casefiles) need on the machine: libmagic (file types by
# content) and a ClamAV daemon (clamd) answering on 127.0.0.1:3310 (the upload scanner).
# Installs Debian's libmagic1 and clamav-daemon with apt-get when missing and we are root, then
# starts clamd with its own configuration under var/clamav/.
#
# Its signature database: the Debian package's (/var/lib/clamav, filled by freshclam) when there
# is one, plus the repository's small test signature (scripts/clamav/sendresolve-test.ndb: the
# EICAR test file), so the tests work where freshclam cannot reach its servers. Production runs
# clamd from the package with freshclam keeping its database up to date (README).
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=127.0.0.1
PORT="${CLAMD_PORT:-3310}"
RUN_DIR="${SENDRESOLVE_VAR_DIR:-$PWD/var}/clamav"

ping_clamd() {
  python3 - "$HOST" "$PORT" <<'PY'
import socket, sys
try:
    with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=2) as s:
        s.sendall(b"zPING\0")
        sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
except OSError:
    sys.exit(1)
PY
}

# python-magic reads file types with Debian's libmagic1.
if ! ldconfig -p 2>/dev/null | grep -q 'libmagic\.so\.1'; then
  if [ "$(id -u)" != "0" ]; then
    echo "ensure-clamav: libmagic is missing; install the Debian package libmagic1" >&2
    exit 1
  fi
  echo "ensure-clamav: installing libmagic1 with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq libmagic1 >/dev/null
fi

if ping_clamd; then
  exit 0
fi
if ! command -v clamd >/dev/null 2>&1 && [ ! -x /usr/sbin/clamd ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "ensure-clamav: clamd is missing; install the Debian package clamav-daemon" >&2
    exit 1
  fi
  echo "ensure-clamav: installing clamav-daemon with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq clamav-daemon >/dev/null
fi
CLAMD="$(command -v clamd || echo /usr/sbin/clamd)"

mkdir -p "$RUN_DIR/db"
cp scripts/clamav/sendresolve-test.ndb "$RUN_DIR/db/"
for db in /var/lib/clamav/*.cvd /var/lib/clamav/*.cld; do
  [ -e "$db" ] && cp -u "$db" "$RUN_DIR/db/"
done
cat > "$RUN_DIR/clamd.conf" <<CONF
TCPSocket $PORT
TCPAddr $HOST
DatabaseDirectory $RUN_DIR/db
PidFile $RUN_DIR/clamd.pid
LogFile $RUN_DIR/clamd.log
LogTime yes
Foreground no
StreamMaxLength 64M
MaxFileSize 64M
MaxScanSize 128M
CONF
if [ "$(id -u)" = "0" ]; then
  echo "User root" >> "$RUN_DIR/clamd.conf"
fi
echo "ensure-clamav: starting clamd on $HOST:$PORT" >&2
"$CLAMD" --config-file="$RUN_DIR/clamd.conf"
for _ in $(seq 1 60); do
  if ping_clamd; then
    exit 0
  fi
  sleep 1
done
echo "ensure-clamav: clamd did not answer on $HOST:$PORT; see $RUN_DIR/clamd.log" >&2
exit 1
