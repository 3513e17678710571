#!/usr/bin/env python3
"""Raw QEMU, no Flotilla: a slow (bandwidth-capped) live migration of the ticking test guest with the agent's
downtime steps (50,100,200,500 ms every 3 passes, then cancel), on loopback, under TCG; then the target's serial
console is checked for a kernel oops and for ticks going on. Session 8 ran it 2026-11-28: at 2 MiB/s 2 of 12
migrations (256 MiB guest, ~42 s each) left a broken guest on the target (NULL dereference, list corruption),
at 64 MiB/s 0 of 4. Usage: GUEST_DIR=/tmp/g tcg-slow-migration.py N BANDWIDTH_MIB MEMORY_MIB (dirs /tmp/oops/a, b)."""
import json, os, socket, subprocess, sys, time

G = os.environ.get("GUEST_DIR", "/tmp/oops/guest")   # tools/test-guest/build.sh GUEST_DIR
def qemu(d, incoming=None):
    os.makedirs(d, exist_ok=True)
    for f in ("qmp.sock", "serial.log"):
        try: os.remove(os.path.join(d, f))
        except FileNotFoundError: pass
    argv = ["qemu-system-x86_64", "-machine", "q35,accel=tcg", "-cpu", "max", "-smp", "1", "-m", MEM,
            "-nodefaults", "-no-user-config", "-display", "none", "-vga", "std",
            "-serial", "file:" + d + "/serial.log",
            "-chardev", "socket,id=qmp,path=" + d + "/qmp.sock,server=on,wait=off", "-mon", "chardev=qmp,mode=control",
            "-object", "rng-random,id=rng0,filename=/dev/urandom", "-device", "virtio-rng-pci,rng=rng0",
            "-device", "pcie-root-port,id=hotplug0,chassis=1", "-device", "virtio-scsi-pci,id=scsi0",
            "-device", "ide-cd,id=cdrom0,bus=ide.2",
            "-kernel", G + "/vmlinuz", "-initrd", G + "/initramfs.cpio.gz", "-append", "console=ttyS0 quiet flotilla.tick"]
    argv += ["-incoming", "defer"] if incoming else []
    p = subprocess.Popen(argv, stdout=open(d + "/qemu.log", "a"), stderr=subprocess.STDOUT)
    for _ in range(500):
        if os.path.exists(d + "/qmp.sock"): break
        time.sleep(0.01)
    return p, Qmp(d + "/qmp.sock")

class Qmp:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX); self.s.connect(path); self.f = self.s.makefile("rw")
        self.f.readline(); self.cmd("qmp_capabilities")
    def cmd(self, c, **a):
        self.f.write(json.dumps({"execute": c, "arguments": a}) + "\n"); self.f.flush()
        while True:
            m = json.loads(self.f.readline())
            if "return" in m: return m["return"]
            if "error" in m: raise RuntimeError(c + ": " + str(m["error"]))

def ticks(d):
    try: t = open(d + "/serial.log", errors="replace").read()
    except FileNotFoundError: return -1, ""
    n = [int(l.split()[1]) for l in t.splitlines() if l.startswith("FLOTILLA-TICK") and len(l.split()) > 1 and l.split()[1].isdigit()]
    return (max(n) if n else -1), t

N, BW, MEM = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
src_dir = "/tmp/oops/a"
sp, sq = qemu(src_dir)
while ticks(src_dir)[0] < 3: time.sleep(0.5)
for trial in range(1, N + 1):
    dst_dir = "/tmp/oops/b" if src_dir == "/tmp/oops/a" else "/tmp/oops/a"
    tp, tq = qemu(dst_dir, incoming=True)
    port = 49300 + trial
    tq.cmd("migrate-incoming", uri="tcp:127.0.0.1:%d" % port)
    sq.cmd("migrate-set-capabilities", capabilities=[{"capability": "events", "state": True},
        {"capability": "auto-converge", "state": False}, {"capability": "postcopy-ram", "state": False}])
    sq.cmd("migrate-set-parameters", **{"downtime-limit": 20, "max-bandwidth": BW * 1024 * 1024})
    before = ticks(src_dir)[0]
    t0 = time.time(); sq.cmd("migrate", uri="tcp:127.0.0.1:%d" % port)
    steps, step, at = [50, 100, 200, 500], 0, None
    while True:
        st = sq.cmd("query-migrate"); s = st.get("status")
        if s in ("completed", "failed", "cancelled"): break
        if s == "active":
            p = st["ram"]["dirty-sync-count"]
            if at is None: at = p
            elif p - at >= 3:
                at = p
                if step < len(steps):
                    sq.cmd("migrate-set-parameters", **{"downtime-limit": steps[step]}); step += 1
                else:
                    sq.cmd("migrate_cancel")
        time.sleep(0.1)
    took = time.time() - t0
    if s != "completed":
        print("trial %d: %s after %.1f s (limit step %d)" % (trial, s, took, step), flush=True)
        tp.kill(); tp.wait(); continue
    sq.cmd("quit"); sp.wait()
    time.sleep(4)
    n, text = ticks(dst_dir)
    bad = [l for l in text.splitlines() if any(k in l for k in ("Oops", "BUG", "panic", "Kernel panic", "general protection", "idle task"))]
    print("trial %d: completed in %.1f s, downtime %s ms, limit %d, ticks %d -> %d on target %s" % (
        trial, took, st.get("downtime"), ([20] + steps)[step], before, n, ("OOPS: " + " | ".join(bad[:3])) if bad else "ok"), flush=True)
    if bad or n <= before:
        print(text[-3000:]); break
    sp, sq, src_dir = tp, tq, dst_dir
