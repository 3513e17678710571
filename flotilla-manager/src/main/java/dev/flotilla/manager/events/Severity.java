package dev.flotilla.manager.events;

public enum Severity { INFO, WARNING, ERROR;

    public String label() {
        return name().toLowerCase();
    }
}
