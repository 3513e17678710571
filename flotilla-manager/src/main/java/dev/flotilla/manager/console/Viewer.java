package dev.flotilla.manager.console;

import java.nio.ByteBuffer;

/** The browser (or the CLI's VNC proxy) on the other end of a console session's websocket. */
interface Viewer {

    /** Sends bytes to the viewer; a failure ends the session. */
    void send(ByteBuffer data);

    /** Closes the websocket with a code and a reason the viewer can show. */
    void close(int code, String reason);

    /** The viewer's address, for events. */
    String address();
}
