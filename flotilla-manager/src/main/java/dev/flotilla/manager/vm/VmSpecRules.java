package dev.flotilla.manager.vm;

import dev.flotilla.manager.api.BadRequestException;
import dev.flotilla.manager.api.FieldError;
import java.util.ArrayList;
import java.util.List;

/**
 * Validation of a VM's configuration. Collects every problem so one answer names all the wrong
 * fields, not just the first.
 */
final class VmSpecRules {

    static final int MAX_CPUS = 256;
    static final long MIN_MEMORY_MIB = 16;
    static final long MAX_MEMORY_MIB = 4L * 1024 * 1024;

    private final List<FieldError> errors = new ArrayList<>();

    String name(String name, String fallback) {
        if (name == null && fallback != null) {
            return fallback;
        }
        dev.flotilla.manager.datacenter.Names.problem(name).ifPresent(reason -> errors.add(new FieldError("name", reason)));
        return name;
    }

    int cpus(Integer cpus, int fallback) {
        int v = cpus == null ? fallback : cpus;
        if (v < 1 || v > MAX_CPUS) {
            errors.add(new FieldError("cpus", "must be between 1 and " + MAX_CPUS));
        }
        return v;
    }

    long memory(Long memoryMiB, long fallback) {
        long v = memoryMiB == null ? fallback : memoryMiB;
        if (v < MIN_MEMORY_MIB || v > MAX_MEMORY_MIB) {
            errors.add(new FieldError("memoryMiB", "must be between %d and %d".formatted(MIN_MEMORY_MIB, MAX_MEMORY_MIB)));
        }
        return v;
    }

    String description(String d, String fallback) {
        String v = d == null ? fallback : d;
        if (v.length() > 1024) {
            errors.add(new FieldError("description", "must be at most 1024 characters"));
        }
        return v;
    }

    Vm.Boot boot(VmInput.BootInput in, Vm.Boot fallback) {
        if (in == null) {
            return fallback;
        }
        String kernel = blank(in.kernel());
        String initrd = blank(in.initrd());
        String cmdline = blank(in.cmdline());
        if (!kernel.isEmpty() && !kernel.startsWith("/")) {
            errors.add(new FieldError("boot.kernel", "must be an absolute path on the host"));
        }
        if (!initrd.isEmpty() && !initrd.startsWith("/")) {
            errors.add(new FieldError("boot.initrd", "must be an absolute path on the host"));
        }
        if (kernel.isEmpty() && !initrd.isEmpty()) {
            errors.add(new FieldError("boot.initrd", "needs boot.kernel"));
        }
        if (kernel.isEmpty() && !cmdline.isEmpty()) {
            errors.add(new FieldError("boot.cmdline", "needs boot.kernel"));
        }
        if (cmdline.length() > 4096) {
            errors.add(new FieldError("boot.cmdline", "must be at most 4096 characters"));
        }
        return new Vm.Boot(kernel, initrd, cmdline);
    }

    void add(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }

    /** Throws one 400 naming every problem found; writes nothing. */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw BadRequestException.of(errors);
        }
    }

    private static String blank(String s) {
        return s == null ? "" : s.trim();
    }
}
