package dev.flotilla.manager.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which disks a VM has when it takes a kept configuration back, as a pure function of the disks
 * wanted and the disks attached now. As in oVirt, a disk attached since is detached, never deleted
 * (its data may matter, and it can be attached again); a disk attached then but not now comes back
 * unless it cannot (deleted, attached to another VM, not OK…), which the plan's notes say.
 */
final class AttachmentPlans {

    private AttachmentPlans() {
    }

    /**
     * @param attach the disks the VM has afterwards, in the wanted order, each with the attachment wanted
     * @param detach the disks attached now that go (detached, kept)
     * @param notes  why a wanted disk does not come back, one line each
     */
    record Plan(List<VmConfiguration.DiskAt> attach, List<VmConfiguration.DiskAt> detach, List<String> notes) {
    }

    /**
     * @param whyNot asked for each wanted disk that is not attached to the VM now: why it cannot be attached again, if it cannot
     */
    static Plan plan(List<VmConfiguration.DiskAt> wanted, List<VmConfiguration.DiskAt> now,
                     Function<VmConfiguration.DiskAt, Optional<String>> whyNot) {
        Set<UUID> attached = now.stream().map(VmConfiguration.DiskAt::diskId).collect(Collectors.toSet());
        Set<UUID> wantedIds = wanted.stream().map(VmConfiguration.DiskAt::diskId).collect(Collectors.toSet());
        List<VmConfiguration.DiskAt> attach = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (VmConfiguration.DiskAt d : wanted) {
            Optional<String> refusal = attached.contains(d.diskId()) ? Optional.empty() : whyNot.apply(d);
            refusal.ifPresentOrElse(notes::add, () -> attach.add(d));
        }
        return new Plan(attach, now.stream().filter(d -> !wantedIds.contains(d.diskId())).toList(), notes);
    }

    /** The disks stay as they are (a snapshot that kept no disks). */
    static Plan keep(List<VmConfiguration.DiskAt> now) {
        return new Plan(now, List.of(), List.of());
    }
}
