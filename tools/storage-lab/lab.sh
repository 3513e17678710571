#!/usr/bin/env bash
# The storage test lab: real NFS and iSCSI servers and a few "host" network namespaces on one
# machine, for tests of storage domains (and for trying them by hand).
#
#   lab.sh up [HOSTS]   tear down whatever an earlier run left, then build the lab afresh with
#                       HOSTS host namespaces (default 2); prints the lab's KEY=value lines
#   lab.sh down         stop every process in the lab's namespaces, remove namespaces, links, files
#   lab.sh status       say what exists and whether the servers answer; exit 1 unless all is well
#   lab.sh env          print the KEY=value lines of the running lab (from its state file)
#
# Topology (one /24, FLOTILLA_LAB_NET=10.213.0 by default):
#   flotilla-lab-br       holds the bridge; every other namespace has one veth on it
#   root namespace        .1   (link flotilla-lab0) so a manager or agent run normally reaches storage
#   flotilla-lab-storage  .10  rpcbind + nfs-ganesha (VFS) exports /export and /iso, tgtd on :3260
#   flotilla-lab-hostN    .10+N, a host as an agent would see it
# Why namespaces: kernel NFS and iSCSI do not work here, and ganesha will not serve on loopback
# alone; QEMU's userspace clients (libnfs, libiscsi) reach the servers over the bridge.
#
# Needs root and the Debian packages nfs-ganesha nfs-ganesha-vfs rpcbind tgt libnfs-utils
# libiscsi-bin iproute2 util-linux. Everything lives under FLOTILLA_LAB_DIR (/var/lib/flotilla-lab).
set -euo pipefail

NET=${FLOTILLA_LAB_NET:-10.213.0}
DIR=${FLOTILLA_LAB_DIR:-/var/lib/flotilla-lab}
PREFIX=flotilla-lab
NS_BR=$PREFIX-br
NS_STORAGE=$PREFIX-storage
ROOT_LINK=${PREFIX}0
ROOT_ADDRESS=$NET.1
STORAGE_ADDRESS=$NET.10
# an address in the lab's subnet that nobody holds: tests of "server unreachable" aim here
UNUSED_ADDRESS=$NET.250
IQN_BASE=iqn.2025-01.dev.flotilla.lab
IQN_OPEN=$IQN_BASE:open
IQN_CHAP=$IQN_BASE:chap
CHAP_USER=flotilla
CHAP_SECRET=${FLOTILLA_LAB_CHAP_SECRET:-flotilla-lab-chap}
# a second CHAP target with a login of its own: copies between two logins need one
IQN_CHAP2=$IQN_BASE:chap2
CHAP2_USER=flotilla2
CHAP2_SECRET=$CHAP_SECRET-2
LUN_BYTES=$((1024 * 1024 * 1024))
READY_SECONDS=60
LOCK=/run/$PREFIX.lock

say() { echo "lab: $*" >&2; }
fail() { echo "lab: $*" >&2; exit 1; }

need_root() {
  [ "$(id -u)" -eq 0 ] || fail "must run as root (it creates network namespaces and starts servers)"
  # down removes the whole directory: never let a mistyped FLOTILLA_LAB_DIR point it elsewhere
  [[ "$DIR" == /*flotilla-lab* ]] || fail "FLOTILLA_LAB_DIR must be an absolute path with 'flotilla-lab' in it, not '$DIR'"
}

need_tools() {
  need_root
  local missing=() tool
  for tool in ip nsenter flock setsid ganesha.nfsd rpcbind tgtd tgtadm nfs-ls iscsi-ls iscsi-readcapacity16; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  [ ${#missing[@]} -eq 0 ] || fail "missing tools: ${missing[*]} (apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind tgt libnfs-utils libiscsi-bin)"
  [ -e /usr/lib/x86_64-linux-gnu/ganesha/libfsalvfs.so ] || ls /usr/lib/*/ganesha/libfsalvfs.so >/dev/null 2>&1 \
    || fail "nfs-ganesha's VFS backend is missing (apt-get install nfs-ganesha-vfs)"
}

# A daemon that exited stays a zombie until its new parent reaps it, and kill -0 still succeeds
# on a zombie; count it as gone.
# (/proc rather than ps: procps is not in every minimal Debian)
running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ "$stat" != Z* ]]
}

lab_namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | grep "^$PREFIX-" || true; }

# --- down ---------------------------------------------------------------------------------------

# Every process of the lab runs inside one of its namespaces, so `ip netns pids` finds exactly
# the lab's processes (and test processes started there), never anyone else's.
stop_processes() {
  local ns pids=() pid
  stop_tgtd
  for ns in $(lab_namespaces); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do pids+=("$pid"); done
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  # one second of grace, then SIGKILL: the lab keeps no data worth a clean shutdown (down deletes
  # it all), and ganesha sometimes takes 3 s to finish exiting
  wait_gone 10 "${pids[@]}" && return 0
  kill -KILL "${pids[@]}" 2>/dev/null || true
  wait_gone 20 "${pids[@]}" || fail "processes of the lab do not end: ${pids[*]}"
}

# wait_gone TENTHS PID...: true once none of the processes runs, false after TENTHS tenths of a second
wait_gone() {
  local tenths=$1 i pid
  shift
  for i in $(seq 1 "$tenths"); do
    for pid in "$@"; do running "$pid" && break; pid=; done
    [ -n "$pid" ] || return 0
    sleep 0.1
  done
  return 1
}

# tgtd ignores SIGTERM, and `--op delete --mode system` refuses while targets exist: delete each
# target with --force first. tgtadm must run in tgtd's mount namespace (its socket is in the
# storage namespace's private /run), hence nsenter.
stop_tgtd() {
  local pid; pid=$(cat "$DIR/run/tgtd.pid" 2>/dev/null || true)
  [ -n "$pid" ] && running "$pid" || return 0
  local in_tgtd=(nsenter --target "$pid" --mount --net)
  local tid
  for tid in $("${in_tgtd[@]}" tgtadm --lld iscsi --mode target --op show 2>/dev/null \
      | sed -n 's/^Target \([0-9]*\):.*/\1/p'); do
    timeout 5 "${in_tgtd[@]}" tgtadm --lld iscsi --mode target --op delete --force --tid "$tid" >/dev/null 2>&1 || true
  done
  timeout 5 "${in_tgtd[@]}" tgtadm --op delete --mode system >/dev/null 2>&1 || true
  wait_gone 20 "$pid" || true
}

down() {
  stop_processes
  ip link del "$ROOT_LINK" 2>/dev/null || true
  local ns
  for ns in $(lab_namespaces); do ip netns del "$ns" || fail "cannot remove namespace $ns"; done
  rm -rf "$DIR"
}

# --- up -----------------------------------------------------------------------------------------

check_subnet_free() {
  local clash
  clash=$(ip -4 route show | grep -E "^$NET\.[0-9]+(/| )" || true)
  [ -z "$clash" ] || fail "the root namespace already routes $NET.0/24 ($clash); set FLOTILLA_LAB_NET to another /24 prefix, e.g. 10.214.0"
}

# One veth pair per member: the named end goes in the member's namespace, the other on the bridge.
attach() {
  local ns=$1 bridge_end=$2 address=$3
  ip -n "$NS_BR" link add "$bridge_end" type veth peer name eth0 netns "$ns"
  ip -n "$NS_BR" link set "$bridge_end" master br0 up
  ip -n "$ns" addr add "$address/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
}

make_network() {
  local hosts=$1 i
  ip netns add "$NS_BR"
  ip -n "$NS_BR" link add br0 type bridge
  ip -n "$NS_BR" link set br0 up
  ip -n "$NS_BR" link set lo up
  ip netns add "$NS_STORAGE"
  attach "$NS_STORAGE" storage "$STORAGE_ADDRESS"
  for i in $(seq 1 "$hosts"); do
    ip netns add "$PREFIX-host$i"
    attach "$PREFIX-host$i" "host$i" "$NET.$((10 + i))"
  done
  ip link add "$ROOT_LINK" type veth peer name root netns "$NS_BR"
  ip -n "$NS_BR" link set root master br0 up
  ip addr add "$ROOT_ADDRESS/24" dev "$ROOT_LINK"
  ip link set "$ROOT_LINK" up
}

write_ganesha_config() {
  cat >"$DIR/ganesha/ganesha.conf" <<EOF
# written by tools/storage-lab/lab.sh
NFS_CORE_PARAM {
    Protocols = 3, 4;
    # NFSv3 clients mount the pseudo path too, so nfs://$STORAGE_ADDRESS/export works for v3 and v4
    Mount_Path_Pseudo = true;
    Enable_NLM = false;
    Enable_RQUOTA = false;
}
NFSV4 {
    # no 90 s grace period after start: nothing to recover in a fresh lab
    Graceless = true;
    Lease_Lifetime = 15;
    RecoveryBackend = fs;
    RecoveryRoot = "$DIR/ganesha/recovery";
}
LOG { Default_Log_Level = EVENT; }
EXPORT_DEFAULTS {
    Protocols = 3, 4;
    Transports = TCP;
    Access_Type = RW;
    Squash = No_Root_Squash;
    SecType = sys;
}
EXPORT { Export_Id = 1; Path = "$DIR/nfs/export"; Pseudo = /export; FSAL { Name = VFS; } }
EXPORT { Export_Id = 2; Path = "$DIR/nfs/iso"; Pseudo = /iso; FSAL { Name = VFS; } }
EOF
}

# Runs inside the storage namespace (through `ip netns exec`, which gives a mount namespace of
# its own): a private /run keeps rpcbind's and tgtd's unix sockets away from any rpcbind or tgtd
# of the machine itself. The daemons outlive this script and keep that mount namespace alive.
storage_init() {
  mount -t tmpfs -o mode=0755 flotilla-lab-run /run
  mkdir -p /run/rpcbind
  chown _rpc: /run/rpcbind 2>/dev/null || true
  setsid rpcbind -f </dev/null >>"$DIR/log/rpcbind.log" 2>&1 &
  echo $! >"$DIR/run/rpcbind.pid"
  local i
  for i in $(seq 1 50); do [ -S /run/rpcbind.sock ] && break; sleep 0.1; done
  [ -S /run/rpcbind.sock ] || { echo "rpcbind did not open /run/rpcbind.sock" >&2; exit 1; }

  setsid ganesha.nfsd -F -f "$DIR/ganesha/ganesha.conf" -L "$DIR/log/ganesha.log" -p "$DIR/run/ganesha.pid" \
    </dev/null >>"$DIR/log/ganesha.out" 2>&1 &

  setsid tgtd -f --iscsi portal="$STORAGE_ADDRESS:3260" </dev/null >>"$DIR/log/tgtd.log" 2>&1 &
  echo $! >"$DIR/run/tgtd.pid"
  for i in $(seq 1 50); do [ -S /run/tgtd/socket.0 ] && break; sleep 0.1; done
  [ -S /run/tgtd/socket.0 ] || { echo "tgtd did not open its control socket" >&2; exit 1; }
  # tgtd answers the socket a moment before it accepts commands
  for i in $(seq 1 50); do tgtadm --lld iscsi --mode target --op show >/dev/null 2>&1 && break; sleep 0.1; done

  add_target 1 "$IQN_OPEN" open-lun1.img open-lun2.img
  add_target 2 "$IQN_CHAP" chap-lun1.img
  tgtadm --lld iscsi --mode account --op new --user "$CHAP_USER" --password "$CHAP_SECRET"
  tgtadm --lld iscsi --mode account --op bind --tid 2 --user "$CHAP_USER"
  add_target 3 "$IQN_CHAP2" chap2-lun1.img
  tgtadm --lld iscsi --mode account --op new --user "$CHAP2_USER" --password "$CHAP2_SECRET"
  tgtadm --lld iscsi --mode account --op bind --tid 3 --user "$CHAP2_USER"
}

# add_target TID IQN IMAGE...: a target open to every initiator, one sparse file-backed LUN per
# image, numbered from 1 (tgtd's LUN 0 is its controller)
add_target() {
  local tid=$1 iqn=$2 lun=0 image
  shift 2
  tgtadm --lld iscsi --mode target --op new --tid "$tid" --targetname "$iqn"
  for image in "$@"; do
    lun=$((lun + 1))
    truncate -s "$LUN_BYTES" "$DIR/iscsi/$image"
    tgtadm --lld iscsi --mode logicalunit --op new --tid "$tid" --lun "$lun" --backing-store "$DIR/iscsi/$image"
  done
  tgtadm --lld iscsi --mode target --op bind --tid "$tid" --initiator-address ALL
}

wait_until() {
  local what=$1; shift
  local deadline=$((SECONDS + READY_SECONDS))
  until timeout 5 "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.3
  done
  say "$what answers"
}

last_log_lines() {
  local f
  for f in "$DIR"/log/*; do [ -s "$f" ] && { echo "--- $f" >&2; tail -n 15 "$f" >&2; }; done
}

up() {
  local hosts=${1:-2}
  if ! [[ "$hosts" =~ ^[0-9]+$ ]] || [ "$hosts" -lt 1 ] || [ "$hosts" -gt 200 ]; then
    fail "the number of hosts must be 1..200, not '$hosts'"
  fi
  [[ "$NET" =~ ^(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}$ ]] \
    || fail "FLOTILLA_LAB_NET must be the first three numbers of a /24, e.g. 10.213.0, not '$NET'"
  down
  check_subnet_free
  mkdir -p "$DIR"/{nfs/export,nfs/iso,iscsi,ganesha/recovery,log,run}
  make_network "$hosts"
  write_ganesha_config
  ip netns exec "$NS_STORAGE" env FLOTILLA_LAB_NET="$NET" FLOTILLA_LAB_DIR="$DIR" \
      FLOTILLA_LAB_CHAP_SECRET="$CHAP_SECRET" bash "$0" _storage-init >>"$DIR/log/storage-init.log" 2>&1 9>&- \
    || { last_log_lines; fail "could not start the storage servers (logs above, in $DIR/log)"; }
  wait_until "NFS export /export" nfs-ls "nfs://$STORAGE_ADDRESS/export" \
    || { last_log_lines; fail "nfs-ganesha did not answer on $STORAGE_ADDRESS within ${READY_SECONDS}s"; }
  wait_until "NFS export /iso" nfs-ls "nfs://$STORAGE_ADDRESS/iso" \
    || { last_log_lines; fail "nfs-ganesha does not serve /iso"; }
  wait_until "iSCSI target $IQN_OPEN" iscsi-readcapacity16 -s "iscsi://$STORAGE_ADDRESS/$IQN_OPEN/1" \
    || { last_log_lines; fail "tgtd did not answer on $STORAGE_ADDRESS:3260 within ${READY_SECONDS}s"; }
  wait_until "iSCSI target $IQN_CHAP (CHAP)" iscsi-readcapacity16 -s "iscsi://$CHAP_USER%$CHAP_SECRET@$STORAGE_ADDRESS/$IQN_CHAP/1" \
    || { last_log_lines; fail "tgtd refuses the lab's own CHAP login on $IQN_CHAP"; }
  wait_until "iSCSI target $IQN_CHAP2 (a second CHAP login)" \
      iscsi-readcapacity16 -s "iscsi://$CHAP2_USER%$CHAP2_SECRET@$STORAGE_ADDRESS/$IQN_CHAP2/1" \
    || { last_log_lines; fail "tgtd refuses the lab's second CHAP login on $IQN_CHAP2"; }
  values "$hosts" >"$DIR/lab.env"
  cat "$DIR/lab.env"
}

values() {
  local hosts=$1 i
  cat <<EOF
LAB_DIR=$DIR
LAB_SUBNET=$NET.0/24
ROOT_ADDRESS=$ROOT_ADDRESS
ROOT_LINK=$ROOT_LINK
BRIDGE_NAMESPACE=$NS_BR
STORAGE_NAMESPACE=$NS_STORAGE
STORAGE_ADDRESS=$STORAGE_ADDRESS
UNUSED_ADDRESS=$UNUSED_ADDRESS
NFS_EXPORT=/export
NFS_EXPORT_DIR=$DIR/nfs/export
NFS_URL=nfs://$STORAGE_ADDRESS/export
NFS_ISO_EXPORT=/iso
NFS_ISO_EXPORT_DIR=$DIR/nfs/iso
NFS_ISO_URL=nfs://$STORAGE_ADDRESS/iso
ISCSI_PORTAL=$STORAGE_ADDRESS:3260
ISCSI_IQN=$IQN_OPEN
ISCSI_LUNS=1,2
ISCSI_CHAP_IQN=$IQN_CHAP
ISCSI_CHAP_LUNS=1
ISCSI_CHAP_USER=$CHAP_USER
ISCSI_CHAP_SECRET=$CHAP_SECRET
ISCSI_CHAP2_IQN=$IQN_CHAP2
ISCSI_CHAP2_LUNS=1
ISCSI_CHAP2_USER=$CHAP2_USER
ISCSI_CHAP2_SECRET=$CHAP2_SECRET
ISCSI_LUN_BYTES=$LUN_BYTES
HOST_COUNT=$hosts
EOF
  for i in $(seq 1 "$hosts"); do
    echo "HOST_${i}_NAMESPACE=$PREFIX-host$i"
    echo "HOST_${i}_ADDRESS=$NET.$((10 + i))"
  done
}

# --- status -------------------------------------------------------------------------------------

status() {
  local ok=0 ns
  local all; all=$(lab_namespaces)
  for ns in "$NS_BR" "$NS_STORAGE"; do
    if grep -qx "$ns" <<<"$all"; then echo "namespace $ns: present"; else echo "namespace $ns: missing"; ok=1; fi
  done
  for ns in $(grep "^$PREFIX-host" <<<"$all" || true); do echo "namespace $ns: present"; done
  if ip -br addr show "$ROOT_LINK" 2>/dev/null | grep -q "$ROOT_ADDRESS/"; then
    echo "link $ROOT_LINK: $ROOT_ADDRESS"; else echo "link $ROOT_LINK: missing"; ok=1; fi
  if timeout 5 nfs-ls "nfs://$STORAGE_ADDRESS/export" >/dev/null 2>&1; then
    echo "nfs nfs://$STORAGE_ADDRESS/export: answers"; else echo "nfs nfs://$STORAGE_ADDRESS/export: no answer"; ok=1; fi
  if timeout 5 iscsi-readcapacity16 -s "iscsi://$STORAGE_ADDRESS/$IQN_OPEN/1" >/dev/null 2>&1; then
    echo "iscsi $STORAGE_ADDRESS:3260 $IQN_OPEN: answers"; else echo "iscsi $STORAGE_ADDRESS:3260: no answer"; ok=1; fi
  return $ok
}

# --- main ---------------------------------------------------------------------------------------

case "${1:-}" in
  _storage-init)
    storage_init
    ;;
  up|down)
    if [ "$1" = up ]; then need_tools; else need_root; fi
    # the servers must not inherit the lock's descriptor (up closes it for them, see 9>&-), or
    # they would hold the lock for as long as they run
    exec 9>"$LOCK"
    flock -w 300 9 || fail "another lab.sh holds $LOCK for more than 300 s"
    start=$SECONDS
    if [ "$1" = up ]; then up "${2:-2}"; else down; fi
    say "$1 done in $((SECONDS - start)) s"
    ;;
  status)
    need_tools
    status
    ;;
  env)
    [ -s "$DIR/lab.env" ] || fail "no lab is up (no $DIR/lab.env); run: $0 up"
    cat "$DIR/lab.env"
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
