package dev.flotilla.agent.driver.simulated;

import dev.flotilla.agent.driver.Png;
import dev.flotilla.agent.driver.RunState;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The "display" of a simulated guest: a console-like picture naming the VM, its state and the
 * time, so a demo's thumbnails differ per VM and visibly refresh.
 */
final class SimulatedScreen {

    static final int WIDTH = 640;
    static final int HEIGHT = 400;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final Color BACKGROUND = new Color(0x15, 0x1a, 0x22);
    private static final Color TEXT = new Color(0xd2, 0xd2, 0xd2);

    private SimulatedScreen() {
    }

    static byte[] render(String name, RunState state, Duration uptime, Instant now) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            // A band in the state's colour: readable at thumbnail size, and drawn even without fonts.
            g.setColor(state == RunState.PAUSED ? new Color(0xf0, 0xab, 0x00) : new Color(0x3e, 0x86, 0x35));
            g.fillRect(0, 0, WIDTH, 24);
            writeLines(g, List.of(
                    "Flotilla simulated guest",
                    "",
                    name + " login: _",
                    "",
                    "state:  " + state.name().toLowerCase().replace('_', ' '),
                    "uptime: " + uptime.toMinutes() + " min " + uptime.toSecondsPart() + " s",
                    "time:   " + CLOCK.format(now)));
        } finally {
            g.dispose();
        }
        return Png.encode(image);
    }

    private static void writeLines(Graphics2D g, List<String> lines) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 22));
            g.setColor(TEXT);
            int y = 70;
            for (String line : lines) {
                g.drawString(line, 24, y);
                y += 34;
            }
        } catch (RuntimeException | InternalError | LinkageError e) {
            // A JRE without any font (a minimal headless install) cannot draw text: the picture
            // stays a plain screen rather than failing the screenshot.
        }
    }
}
