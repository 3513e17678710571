package dev.flotilla.agent.domainmonitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.agent.storage.StorageConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitor against a real directory (the probe's stat and file-system figures) and against a check that hangs. */
class DomainMonitorTest {

    private static final DomainMonitor.Settings FAST = new DomainMonitor.Settings(Duration.ofMillis(50), Duration.ofMillis(300));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private DomainMonitor monitor;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        monitor.close();
        scheduler.shutdownNow();
    }

    @Test
    void aReadableDirectoryIsValidWithItsSpaceAndAVanishedOneIsInvalidWithTheReason() throws Exception {
        monitor = new DomainMonitor(DomainCheck.probe(), scheduler, System::nanoTime);
        Path domain = Files.createDirectory(dir.resolve("domain"));
        monitor.watch(Map.of("d1", new StorageConnection.Local(domain)), FAST);

        DomainHealth valid = await(h -> h.checked() && h.valid());
        assertThat(valid.error()).isEmpty();
        assertThat(valid.totalBytes()).isPresent();
        assertThat(valid.freeBytes().getAsLong()).isPositive().isLessThanOrEqualTo(valid.totalBytes().getAsLong());

        Files.delete(domain);
        DomainHealth invalid = await(h -> !h.valid());
        assertThat(invalid.error()).contains("there is no " + domain);
        assertThat(invalid.totalBytes()).as("the last known space is kept").isPresent();

        Files.createDirectory(domain);
        await(DomainHealth::valid);
    }

    @Test
    void aCheckThatHangsMakesTheDomainInvalidAndNoSecondCheckStartsMeanwhile() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        monitor = new DomainMonitor((domain, timeout) -> {
            started.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new dev.flotilla.agent.storage.StorageException(
                    dev.flotilla.agent.storage.StorageException.Problem.UNREACHABLE, "released");
        }, scheduler, System::nanoTime);
        monitor.watch(Map.of("d1", new StorageConnection.Local(dir)), FAST);

        DomainHealth stalled = await(h -> !h.valid() && h.checked());
        assertThat(stalled.error()).startsWith("no answer from local " + dir).contains("timeout 0 s");
        assertThat(started.get()).isEqualTo(1);

        release.countDown();
        await(h -> h.error().equals("released"));
        assertThat(started.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDomainLeftOutOfTheListIsNoLongerWatched() throws Exception {
        monitor = new DomainMonitor(DomainCheck.probe(), scheduler, System::nanoTime);
        monitor.watch(Map.of("d1", new StorageConnection.Local(dir), "d2", new StorageConnection.Posix(dir)), FAST);
        assertThat(monitor.health()).extracting(DomainHealth::domainId).containsExactlyInAnyOrder("d1", "d2");
        monitor.watch(Map.of("d2", new StorageConnection.Posix(dir)), FAST);
        assertThat(monitor.health()).extracting(DomainHealth::domainId).containsExactly("d2");
    }

    /** The one watched domain's health once it matches; fails after 20 s. */
    private DomainHealth await(Predicate<DomainHealth> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<DomainHealth> last = List.of();
        while (System.nanoTime() < deadline) {
            last = monitor.health();
            if (last.size() == 1 && wanted.test(last.get(0))) {
                return last.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the domain never reached the wanted state; last: " + last);
    }
}
