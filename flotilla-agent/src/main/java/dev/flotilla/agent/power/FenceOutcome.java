package dev.flotilla.agent.power;

/**
 * What a fence-agent call ended with.
 *
 * @param ok          the call did what was asked (for status: the status could be read)
 * @param powerStatus {@code on}, {@code off} or empty when unknown
 * @param output      the tool's last meaningful lines, for the manager's event log
 */
public record FenceOutcome(boolean ok, String powerStatus, String output) {
}
