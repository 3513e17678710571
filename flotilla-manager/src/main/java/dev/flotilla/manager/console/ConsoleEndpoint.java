package dev.flotilla.manager.console;

import java.nio.ByteBuffer;

/** What the agent link calls with what arrives on a console stream from the agent. */
public interface ConsoleEndpoint {

    /** Bytes from the VM's VNC server, for the viewer. Blocks while the viewer is slow, which slows the agent down. */
    void fromAgent(ByteBuffer data);

    /** The agent ended the stream: the VM stopped, the VNC server closed, or the host went away. */
    void agentEnded(String why);
}
