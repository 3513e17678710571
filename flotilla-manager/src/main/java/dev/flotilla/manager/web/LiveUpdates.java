package dev.flotilla.manager.web;

import dev.flotilla.manager.events.ObjectChanged;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /live}: one server-sent-events stream per open console page. It carries no data,
 * only the names of the tables that changed ("vms", "hosts", "events"); the page then fetches
 * what it shows. Changes are coalesced so a burst (a host coming back with fifty VMs) costs each
 * page one refresh per table, and a comment every 15 s keeps proxies from closing an idle stream
 * and finds the connections that died.
 */
@Controller
class LiveUpdates {

    static final long COALESCE_MS = 300;
    static final long HEARTBEAT_SECONDS = 15;

    private final Set<SseEmitter> emitters = new CopyOnWriteArraySet<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "console-live");
        t.setDaemon(true);
        return t;
    });

    LiveUpdates() {
        timer.scheduleAtFixedRate(() -> broadcast(SseEmitter.event().comment("heartbeat")),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    @GetMapping("/live")
    @ResponseBody
    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(0L); // 0: never time out; dead streams are found by the heartbeat
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        // Sent before the emitter is shared, so it never races a broadcast; it also tells the
        // client (and tests) that the subscription is in place.
        try {
            emitter.send(SseEmitter.event().comment("connected"));
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        emitters.add(emitter);
        return emitter;
    }

    /** After commit, so a page that refreshes on the message reads the change. */
    @TransactionalEventListener(fallbackExecution = true)
    void changed(ObjectChanged change) {
        pending.addAll(topics(change));
        if (flushScheduled.compareAndSet(false, true)) {
            timer.schedule(this::flush, COALESCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Which tables show the object: a VM's change also changes its host's VM count; everything is an event. */
    static List<String> topics(ObjectChanged change) {
        return switch (change.type()) {
            case VM -> List.of("vms", "hosts", "events");
            case HOST -> List.of("hosts", "vms", "events");
            case STORAGE_DOMAIN -> List.of("storage", "events");
            case DISK -> List.of("disks", "storage", "events");
            case JOB -> List.of("jobs");
            case SNAPSHOT, TEMPLATE -> List.of("snapshots", "templates", "vms", "events");
            default -> List.of("events");
        };
    }

    private void flush() {
        flushScheduled.set(false); // first, so a change arriving during the drain schedules its own flush
        List<String> names = new ArrayList<>();
        for (String name : List.copyOf(pending)) {
            if (pending.remove(name)) {
                names.add(name);
            }
        }
        names.forEach(name -> broadcast(SseEmitter.event().name(name).data(name)));
    }

    private void broadcast(SseEmitter.SseEventBuilder event) {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException e) {
                // The page went away: forget it; completing releases the request.
                emitters.remove(emitter);
                emitter.complete();
            }
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }
}
