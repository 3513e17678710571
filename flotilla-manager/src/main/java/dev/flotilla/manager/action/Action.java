package dev.flotilla.manager.action;

import dev.flotilla.manager.events.ObjectRef;

/**
 * A user action: its input is a record, it names the object it locks, and it says in one sentence
 * what it did for the event log.
 */
public interface Action<I, O> {

    /** The object this action changes (for a create: its parent); locked while the action runs. */
    ObjectRef target(I input);

    /** Validates against current state and does the work; throws Conflict/BadRequest before writing anything. */
    O execute(I input);

    /** What happened, for the event log, e.g. "VM web1 was started". */
    Audit audit(I input, O output);

    /** An event-log line: the object it is about and the sentence. */
    record Audit(ObjectRef object, String message) {
    }
}
