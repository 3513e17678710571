package dev.flotilla.manager.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest {@code capacity} samples of one object. Adding to a full ring overwrites the oldest,
 * so a host or VM costs the same memory after a day as after half an hour.
 */
final class StatsRing<T> {

    private final Object[] slots;
    private int next;
    private int size;

    StatsRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.slots = new Object[capacity];
    }

    synchronized void add(T sample) {
        slots[next] = sample;
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** Oldest first, as a chart draws them. */
    @SuppressWarnings("unchecked")
    synchronized List<T> toList() {
        List<T> out = new ArrayList<>(size);
        int first = (next - size + slots.length) % slots.length;
        for (int i = 0; i < size; i++) {
            out.add((T) slots[(first + i) % slots.length]);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    synchronized T newest() {
        return size == 0 ? null : (T) slots[(next - 1 + slots.length) % slots.length];
    }

    int capacity() {
        return slots.length;
    }
}
