/**
 * VM consoles in the browser: single-use tickets, the websocket noVNC talks to, and the
 * sessions that join a websocket to a console stream on the VM's host agent (one session per VM;
 * a new one takes over). Each open, close and takeover is an event. The bytes are VNC (RFB) end
 * to end; the manager only carries them.
 */
package dev.flotilla.manager.console;
