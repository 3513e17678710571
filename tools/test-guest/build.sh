#!/bin/sh
# Builds the Flotilla test guest: OUTDIR/vmlinuz and OUTDIR/initramfs.cpio.gz, from Debian
# packages only (the distribution kernel and busybox-static), so tests boot a real Linux guest
# without any download outside the Debian archive. Idempotent: does nothing when both exist.
#
# The guest's /init prints FLOTILLA-GUEST-READY on the serial console once its modules are
# loaded, counts seconds there (FLOTILLA-TICK n) when the command line has flotilla.tick, and
# powers off (after printing FLOTILLA-GUEST-POWEROFF) when the ACPI power button
# is pressed. Boot it with the kernel command line "console=ttyS0 quiet". With flotilla.mark=TEXT
# on the command line it first prints what the start of /dev/vda holds (FLOTILLA-DISK-FOUND:…),
# writes FLOTILLA-MARK:TEXT there and prints it read back (FLOTILLA-DISK-WROTE:…).
set -eu

OUT=${1:?usage: build.sh OUTDIR}
if [ -s "$OUT/vmlinuz" ] && [ -s "$OUT/initramfs.cpio.gz" ]; then
    exit 0
fi
for tool in apt-cache apt-get dpkg-deb gzip xz; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing" >&2; exit 1; }
done
BUSYBOX=/bin/busybox
if ! "$BUSYBOX" --list 2>/dev/null | grep -qx poweroff || ldd "$BUSYBOX" >/dev/null 2>&1; then
    echo "build.sh: $BUSYBOX is not a static busybox; install busybox-static" >&2
    exit 1
fi

mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# linux-image-amd64 is a metapackage; the versioned package it depends on holds the kernel.
kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }'
}
PKG=$(kernel_package)
if [ -z "$PKG" ]; then
    apt-get update -q >&2
    PKG=$(kernel_package)
fi
[ -n "$PKG" ] || { echo "build.sh: cannot resolve the kernel package behind linux-image-amd64" >&2; exit 1; }

# apt-get download writes into the current directory; as root it warns about its sandbox user.
(cd "$WORK" && apt-get download -q "$PKG" >&2) || {
    apt-get update -q >&2
    (cd "$WORK" && apt-get download -q "$PKG" >&2)
}
dpkg-deb -x "$WORK"/"$PKG"_*.deb "$WORK/pkg"
KVER=$(ls "$WORK/pkg/lib/modules" | head -n 1)
MODDIR="$WORK/pkg/lib/modules/$KVER"

ROOT="$WORK/root"
mkdir -p "$ROOT/bin" "$ROOT/dev" "$ROOT/proc" "$ROOT/sys" "$ROOT/tmp" "$ROOT/lib/modules"
cp "$BUSYBOX" "$ROOT/bin/busybox"
ln -s busybox "$ROOT/bin/sh"

# Modules in load order, dependencies first. The package ships no modules.dep (depmod makes it
# at install time), so dependencies come from modules.dep when depmod is around, else from each
# module's own "depends=" entry in its .modinfo section. Names use "_" where files may use "-".
if command -v depmod >/dev/null; then
    depmod -b "$WORK/pkg" "$KVER" 2>/dev/null || true
fi
find "$MODDIR/kernel" -name '*.ko*' > "$WORK/all-modules"
module_path() { # $1 = module name -> path of its file, empty when absent
    awk -v n="$1" '{ f = $0; sub(".*/", "", f); sub("[.]ko([.](xz|zst|gz))?$", "", f); gsub("-", "_", f); if (f == n) { print; exit } }' "$WORK/all-modules"
}
unpack_module() { # $1 = path -> uncompressed module on stdout
    case "$1" in
        *.ko.xz) xz -dc "$1" ;;
        *.ko.gz) gzip -dc "$1" ;;
        *.ko.zst) zstd -dc "$1" ;;
        *) cat "$1" ;;
    esac
}
module_deps() { # $1 = path -> names of the modules it needs
    if [ -s "$MODDIR/modules.dep" ]; then
        rel=${1#"$MODDIR"/}
        awk -v m="$rel:" '$1 == m { for (i = 2; i <= NF; i++) { f = $i; sub(".*/", "", f); sub("[.]ko([.](xz|zst|gz))?$", "", f); gsub("-", "_", f); print f } }' "$MODDIR/modules.dep"
    else
        unpack_module "$1" | tr '\000' '\n' | sed -n 's/^depends=//p' | tr ',' '\n'
    fi
}
ORDER="$WORK/modules.order"
: > "$ORDER"
add_module() { # $1 = module name
    local path dep
    grep -qxF "$1" "$ORDER" && return 0
    path=$(module_path "$1")
    if [ -z "$path" ]; then
        if grep -qE "/($1|$(echo "$1" | tr _ -))[.]ko" "$MODDIR/modules.builtin"; then
            return 0   # compiled into the kernel
        fi
        echo "build.sh: module $1 is neither a module file nor built in ($KVER)" >&2
        exit 1
    fi
    for dep in $(module_deps "$path"); do add_module "$dep"; done
    echo "$1" >> "$ORDER"
    unpack_module "$path" > "$ROOT/lib/modules/$1.ko"
}
for name in virtio_pci virtio_blk virtio_net virtio_console virtio_rng button evdev; do
    add_module "$name"
done
sed 's/$/.ko/' "$ORDER" > "$ROOT/lib/modules/load"

cat > "$ROOT/init" <<'INIT'
#!/bin/sh
# Flotilla test guest. Loads the virtio and input modules, says it is ready, and powers off
# when the ACPI power button is pressed (busybox acpid does not see the button here, so the
# input event device is watched directly).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
while read -r module; do
    insmod "/lib/modules/$module" 2>/dev/null || echo "flotilla-guest: insmod $module failed"
done < /lib/modules/load

power_button_device() {
    for name in /sys/class/input/*/name; do
        if [ "$(cat "$name" 2>/dev/null)" = "Power Button" ]; then
            for event in "${name%/name}"/event*; do
                [ -e "$event" ] && { echo "/dev/input/${event##*/}"; return 0; }
            done
        fi
    done
    return 1
}
button=""
for attempt in 1 2 3 4 5 6 7 8 9 10; do
    button=$(power_button_device) && [ -e "$button" ] && break
    button=""
    sleep 0.2
done
# Open the button before saying READY: evdev only queues events for a reader that has the
# device open, so a press between READY and a later open would be lost.
if [ -n "$button" ]; then
    exec 3<"$button"
else
    echo "flotilla-guest: no ACPI power button found"
fi

# Storage tests: show what the first disk holds, then leave a marker on it for the host to read.
mark=$(sed -n 's/.*flotilla[.]mark=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$mark" ]; then
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
        [ -b /dev/vda ] && break
        sleep 0.2
    done
    if [ -b /dev/vda ]; then
        echo "FLOTILLA-DISK-FOUND:$(dd if=/dev/vda bs=64 count=1 2>/dev/null | tr -d '\000\n')"
        printf 'FLOTILLA-MARK:%s\n' "$mark" | dd of=/dev/vda conv=fsync 2>/dev/null
        echo "FLOTILLA-DISK-WROTE:$(dd if=/dev/vda bs=64 count=1 2>/dev/null | tr -d '\000\n')"
    else
        echo "FLOTILLA-DISK-MISSING"
    fi
fi

echo "FLOTILLA-GUEST-READY"
# With "flotilla.tick" on the kernel command line the guest counts seconds on its serial console,
# so a test sees it go on running (after a live migration: on the destination, without a gap).
if grep -q flotilla.tick /proc/cmdline; then
    (i=0; while true; do i=$((i + 1)); echo "FLOTILLA-TICK $i"; sleep 1; done) 3<&- &
fi
# With "flotilla.fill=N" it writes N MiB (zeros, which a qcow2 allocates all the same) to /dev/vda
# from its second MiB and then prints FLOTILLA-FILLED: on storage with less room QEMU pauses it
# (werror=stop), and once resumed it finishes the write.
fill=$(sed -n 's/.*flotilla[.]fill=\([0-9]*\).*/\1/p' /proc/cmdline)
if [ -n "$fill" ]; then
    (for attempt in 1 2 3 4 5 6 7 8 9 10; do [ -b /dev/vda ] && break; sleep 0.2; done
     dd if=/dev/zero of=/dev/vda bs=1M seek=1 count="$fill" conv=fsync 2>/dev/null && echo "FLOTILLA-FILLED") 3<&- &
fi
# With "flotilla.watchdisks" it prints its virtio disks whenever they change ("FLOTILLA-DISKS: vda vdb "),
# so a test sees a disk plugged or unplugged live arrive in or leave the guest.
if grep -q flotilla.watchdisks /proc/cmdline; then
    (last=x; while true; do now=$(ls /sys/block | grep '^vd' | tr '\n' ' '); [ "$now" != "$last" ] && echo "FLOTILLA-DISKS: $now" && last=$now; sleep 1; done) 3<&- &
fi
# With "flotilla.readdisks" it reads the start of each virtio disk every 2 s past the page cache
# ("FLOTILLA-READ 7 vda:… vdb:…"), so a test sees a disk still readable after a live migration.
if grep -q flotilla.readdisks /proc/cmdline; then
    (i=0; while true; do i=$((i + 1)); echo 3 > /proc/sys/vm/drop_caches; line="FLOTILLA-READ $i"
        for d in $(ls /sys/block | grep '^vd'); do line="$line $d:$(dd if=/dev/$d bs=32 count=1 2>/dev/null | tr -d '\000\n ')"; done
        echo "$line"; sleep 2; done) 3<&- &
fi
# A shell for a person: on tty1 (seen through VNC) and on the serial console.
setsid sh -c 'exec sh </dev/tty1 >/dev/tty1 2>&1 3<&-' &
setsid sh -c 'exec sh </dev/ttyS0 >/dev/ttyS0 2>&1 3<&-' &

if [ -n "$button" ]; then
    # One input_event is 24 bytes on x86_64; the first one is the press.
    dd bs=24 count=1 <&3 >/dev/null 2>&1
    echo "FLOTILLA-GUEST-POWEROFF"
    sync
    poweroff -f
fi
# /init must never exit: the kernel would panic.
while true; do sleep 3600; done
INIT
chmod 755 "$ROOT/init"

cp "$WORK/pkg/boot/vmlinuz-$KVER" "$WORK/vmlinuz"
# busybox has its own cpio, so the cpio package is not needed.
(cd "$ROOT" && find . | "$BUSYBOX" cpio -o -H newc 2>/dev/null | gzip -9) > "$WORK/initramfs.cpio.gz"
# Move into place last, kernel after initrd, so a half-built OUTDIR never looks complete.
mv "$WORK/initramfs.cpio.gz" "$OUT/initramfs.cpio.gz.tmp" && mv "$OUT/initramfs.cpio.gz.tmp" "$OUT/initramfs.cpio.gz"
mv "$WORK/vmlinuz" "$OUT/vmlinuz.tmp" && mv "$OUT/vmlinuz.tmp" "$OUT/vmlinuz"
echo "$PKG" > "$OUT/kernel-package"
echo "built test guest from $PKG into $OUT" >&2
