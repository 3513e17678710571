package dev.flotilla.manager.console;

import java.nio.ByteBuffer;

/** The host agent's side of one console session, as the agent link provides it. */
public interface AgentPipe {

    /** Bytes from the viewer to the VM's VNC server. */
    void send(ByteBuffer data);

    /** Ends the session on the agent's side (its VNC connection closes). */
    void close();
}
