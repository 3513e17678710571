/** Small helpers both ends of the protocol share (the generated messages are in {@code dev.flotilla.protocol.v1}). */
package dev.flotilla.protocol;
