#!/usr/bin/env bash
# ./flotilla up: the manager (embedded PostgreSQL, data in ./data) and one host agent on this
# machine, in the foreground. Builds what is missing, enrolls the agent on its first start,
# waits until the host is Up, prints the login. Ctrl-C stops the manager and the agent; VMs keep
# running (QEMU runs in a session of its own) and the agent re-attaches to them next time.
#
# Environment: FLOTILLA_ADMIN_PASSWORD (else generated once, kept in data/admin-password),
# FLOTILLA_HTTP_PORT (8080) and FLOTILLA_AGENT_PORT (9443) when those ports are taken.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=0.1.0-SNAPSHOT
MANAGER_JAR=flotilla-manager/target/flotilla-manager-$VERSION-exec.jar
AGENT_JAR=flotilla-agent/target/flotilla-agent-$VERSION-all.jar
DATA=$PWD/data
AGENT_STATE=$DATA/agent
HTTP_PORT=${FLOTILLA_HTTP_PORT:-8080}
AGENT_PORT=${FLOTILLA_AGENT_PORT:-9443}
URL=http://localhost:$HTTP_PORT
HOST_NAME=$(hostname 2>/dev/null || true)
HOST_NAME=${HOST_NAME:-local}

say() { echo "flotilla: $*"; }
fail() { echo "flotilla: $*" >&2; exit 1; }

for tool in java mvn curl; do
  command -v "$tool" >/dev/null || fail "$tool is missing (see README.md: Debian 12 with JDK 17 and Maven)"
done

# --- build: only when a jar is missing or a source or pom changed after it was made ----------
stale() { # $1 = jar, then the directories it is built from
  local jar=$1; shift
  [ ! -f "$jar" ] && return 0
  [ -n "$(find pom.xml "$@" -name target -prune -o -type f -newer "$jar" -print -quit)" ]
}
if stale "$MANAGER_JAR" flotilla-protocol flotilla-manager || stale "$AGENT_JAR" flotilla-protocol flotilla-agent; then
  say "building (mvn -B -q package -DskipTests) ..."
  mvn -B -q package -DskipTests
fi

# A second 'up' (or anything else) on our ports would make the manager fail late and obscurely.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$HTTP_PORT" "$AGENT_PORT"; do
  listening "$port" && fail "port $port is taken (another './flotilla up'?); stop it, or set FLOTILLA_HTTP_PORT / FLOTILLA_AGENT_PORT"
done

# --- children: each in its own process group (setsid), so the terminal's Ctrl-C reaches only
# this script, which then stops them in order and waits; their QEMU guests are not touched.
# Every way out (Ctrl-C, kill, a failure) goes through the EXIT trap.
manager_pid=""
agent_pid=""
stop_children() {
  trap '' INT TERM
  [ -n "$manager_pid$agent_pid" ] || return 0
  echo
  for pid in $agent_pid $manager_pid; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in $agent_pid $manager_pid; do
    wait "$pid" 2>/dev/null || true
  done
  say "stopped$([ -n "$manager_pid" ] && echo " the manager")$([ -n "$agent_pid" ] && echo " and the agent"); VMs keep running and are re-attached next time"
}
trap stop_children EXIT
trap 'exit 130' INT TERM

mkdir -p "$DATA"
log_tail() { # $1 = log: its last lines, to show why a child died
  echo "---- last lines of $1 ----" >&2
  tail -n 30 "$1" >&2 || true
}

say "starting the manager (log: data/manager.log) "
FLOTILLA_DATA_DIR=$DATA FLOTILLA_HTTP_PORT=$HTTP_PORT FLOTILLA_AGENT_PORT=$AGENT_PORT \
  setsid java -jar "$MANAGER_JAR" >"$DATA/manager.log" 2>&1 </dev/null &
manager_pid=$!

# First start runs initdb (~20 s); later starts take ~10 s.
until curl -fs "$URL/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
  if ! kill -0 "$manager_pid" 2>/dev/null; then
    echo
    log_tail "$DATA/manager.log"
    fail "the manager stopped while starting"
  fi
  printf .
  sleep 1
done
echo " up"

# Health turns UP with the web server, a moment before the start-up runner has written a
# generated password: give it a few seconds.
for _ in $(seq 1 30); do
  [ -n "${FLOTILLA_ADMIN_PASSWORD:-}" ] || [ -s "$DATA/admin-password" ] || ! kill -0 "$manager_pid" 2>/dev/null && break
  sleep 0.5
done
if ! kill -0 "$manager_pid" 2>/dev/null; then
  # What answered was another manager on the same port, which took it first.
  log_tail "$DATA/manager.log"
  fail "the manager stopped while starting"
fi
if [ -n "${FLOTILLA_ADMIN_PASSWORD:-}" ]; then
  PASSWORD=$FLOTILLA_ADMIN_PASSWORD
elif [ -s "$DATA/admin-password" ]; then
  PASSWORD=$(head -n 1 "$DATA/admin-password")
else
  fail "no admin password: data/admin-password is missing and FLOTILLA_ADMIN_PASSWORD is not set (it was set on an earlier start?)"
fi

api() { # $1 = method, $2 = path, $3 = optional JSON body
  curl -fsS -u "admin@internal:$PASSWORD" -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$URL$2"
}

agent_args=(--name "$HOST_NAME" --state-dir "$AGENT_STATE" --manager "localhost:$AGENT_PORT" --driver auto)
if [ ! -f "$AGENT_STATE/pki/agent.crt" ]; then
  # First start: a one-time enrollment token; the agent keeps its certificate in its state dir.
  token=$(api POST /api/v1/hosts/enrollment-tokens '{"ttlMinutes":60}' | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
  [ -n "$token" ] || fail "the manager gave no enrollment token"
  agent_args+=(--token "$token")
  say "enrolling this machine as host '$HOST_NAME'"
fi

say "starting the agent (log: data/agent.log)"
setsid java -jar "$AGENT_JAR" "${agent_args[@]}" >"$DATA/agent.log" 2>&1 </dev/null &
agent_pid=$!

# Wait for the host to be Up; say which driver and accel the agent chose as soon as it logs them.
shown_driver=""
for _ in $(seq 1 120); do
  if ! kill -0 "$agent_pid" 2>/dev/null; then
    log_tail "$DATA/agent.log"
    fail "the agent stopped while starting"
  fi
  if [ -z "$shown_driver" ] && grep -qE ' INFO +accel ' "$DATA/agent.log"; then
    grep -E ' INFO +(driver|accel) ' "$DATA/agent.log" | head -n 2 | sed -E 's/^.* INFO +/  /'
    shown_driver=yes
  fi
  hosts=$(api GET "/api/v1/hosts?name=$HOST_NAME" 2>/dev/null || true)
  status=$(printf '%s' "$hosts" | grep -o '"status" *: *"[A-Za-z]*"' | head -n 1 | sed 's/.*"\([A-Za-z]*\)"$/\1/') || true
  [ "$status" = Up ] && break
  sleep 1
done
[ "${status:-}" = Up ] || say "host '$HOST_NAME' is ${status:-not known} after 2 minutes; see data/agent.log and data/manager.log"

cli=./flotilla
[ "$HTTP_PORT" = 8080 ] || cli="FLOTILLA_URL=$URL ./flotilla"
cat <<EOF

  Flotilla is running.
    console   $URL
    user      admin@internal
    password  $PASSWORD
    CLI       $cli vm list   (also: host list, event list, --help)
    host      $HOST_NAME (${status:-?})

  Ctrl-C stops the manager and the agent; VMs keep running and are re-attached next time.
EOF

# Stay in the foreground while both run; if one dies on its own, stop the other and say why.
while kill -0 "$manager_pid" 2>/dev/null && kill -0 "$agent_pid" 2>/dev/null; do
  sleep 1
done
if ! kill -0 "$manager_pid" 2>/dev/null; then log_tail "$DATA/manager.log"; else log_tail "$DATA/agent.log"; fi
fail "the manager or the agent stopped on its own"
