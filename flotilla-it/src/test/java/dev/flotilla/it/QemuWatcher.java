package dev.flotilla.it;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every 100 ms, counts the QEMU processes of each watched VM across the whole machine (every host
 * namespace shares the pid space): QEMU's command line carries {@code -uuid <vm id>}. Keeps the
 * highest count seen per VM: "never twice" means it never exceeds one.
 */
final class QemuWatcher implements AutoCloseable {

    private final Set<String> vms = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> highest = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long samples;

    QemuWatcher() {
        thread = new Thread(this::loop, "qemu-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    void watch(String vmId) {
        vms.add(vmId);
    }

    int highest(String vmId) {
        return highest.getOrDefault(vmId, 0);
    }

    long samples() {
        return samples;
    }

    private void loop() {
        while (running) {
            Map<String, Integer> counts = new java.util.HashMap<>();
            ProcessHandle.allProcesses().forEach(p -> {
                String cmd = p.info().commandLine().orElse("");
                if (cmd.contains("qemu-system")) {
                    for (String vm : vms) {
                        if (cmd.contains(vm)) {
                            counts.merge(vm, 1, Integer::sum);
                        }
                    }
                }
            });
            counts.forEach((vm, n) -> highest.merge(vm, n, Math::max));
            samples++;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
