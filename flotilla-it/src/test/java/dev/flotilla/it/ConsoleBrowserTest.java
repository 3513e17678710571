package dev.flotilla.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.agent.testguest.TestGuest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser against a real fleet (the manager jar and one qemu agent): an
 * admin logs in, creates a VM with the form, starts it with its row's button, and watches the
 * row turn Up without reloading the page (server-sent events), while a real guest boots. Then
 * the VM's console: noVNC in the browser, through the manager's websocket and the agent's link,
 * to the guest's screen; keys typed there run a command in the guest's shell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final String PASSWORD = "browser-admin-password";
    private static final String VM = "browser-vm";

    private Path work;
    private ManagerProcess manager;
    private AgentProcess agent;
    private WebDriver browser;
    private TestGuest guest;

    @BeforeAll
    void startFleetAndBrowser() throws IOException {
        Machine.requireQemu();
        guest = TestGuest.build();
        work = Files.createTempDirectory("flotilla-browser");
        Path logs = Path.of("target", "it-logs").toAbsolutePath();
        int[] ports = Machine.freePorts(2);
        manager = ManagerProcess.start(work.resolve("manager"), ports[0], ports[1], PASSWORD, logs.resolve("browser-manager.log"));
        manager.awaitHealthy();
        String token = manager.api().post("api/v1/hosts/enrollment-tokens", Map.of("ttlMinutes", 60), 201).path("token").asText();
        agent = AgentProcess.enroll("browser-host", work.resolve("host"), manager.agentPort(), "16000-16049",
                logs.resolve("browser-host.log"), token);
        Await.until("the host to be Up", Duration.ofMinutes(2), () -> manager.api().get("api/v1/hosts?name=browser-host"),
                h -> "Up".equals(h.path("items").path(0).path("status").asText()), () -> "");
        browser = Browser.start(work.resolve("chromium-profile"));
    }

    @AfterAll
    void stopEverything() {
        if (browser != null) {
            browser.quit();
        }
        Machine.stopFleet(agent == null ? java.util.List.of() : java.util.List.of(agent), manager, work);
    }

    @Test
    @Order(1)
    void anAdminLogsInCreatesAVmAndStartsItFromTheConsole() {
        String base = "http://localhost:" + manager.httpPort();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(base + "/vms");
        wait.until(ExpectedConditions.urlContains("/login"));
        type(By.id("username"), "admin@internal");
        type(By.id("password"), PASSWORD);
        browser.findElement(By.id("login")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("current-user")));
        assertThat(browser.findElement(By.id("current-user")).getText()).contains("admin@internal");

        browser.get(base + "/vms");
        browser.findElement(By.id("new-vm-toggle")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("name")));
        type(By.id("name"), VM);
        type(By.id("memoryMiB"), "256");
        type(By.id("kernel"), guest.kernel().toString());
        type(By.id("initrd"), guest.initrd().toString());
        type(By.id("cmdline"), guest.cmdline());
        browser.findElement(By.id("create-vm")).click();
        // The table is re-rendered by live updates at any moment: every read of it is retried when
        // the element it found was just replaced (stale), instead of holding on to one element.
        wait.ignoring(StaleElementReferenceException.class)
                .until(d -> "Down".equals(d.findElement(By.id("vm-row-" + VM)).getAttribute("data-status")));

        wait.until(d -> {
            d.findElement(By.cssSelector("#vm-row-" + VM + " button[data-action='start']")).click();
            return true;
        });

        // No reload from here on: the row must change through the live updates alone.
        new WebDriverWait(browser, Duration.ofMinutes(3)).ignoring(StaleElementReferenceException.class).until(d ->
                "Up".equals(d.findElement(By.cssSelector("#vm-row-" + VM + " .vm-status")).getText().trim()));
        JsonNode vm = manager.api().get("api/v1/vms?name=" + VM).path("items").path(0);
        assertThat(vm.path("status").asText()).isEqualTo("Up");
        assertThat(vm.path("hostId").asText()).isNotBlank();
        assertThat(manager.api().get("api/v1/events?objectId=" + vm.path("id").asText()).path("items").toString())
                .contains("admin@internal").contains("starting on host browser-host");
    }

    @Test
    @Order(2)
    void theConsoleShowsTheGuestsScreenAndTypesIntoItsShell() throws Exception {
        String vmId = manager.api().get("api/v1/vms?name=" + VM).path("items").path(0).path("id").asText();
        Await.until("the guest to boot", Duration.ofMinutes(3), () -> serial(vmId), s -> s.contains(TestGuest.READY_MARKER), () -> serial(vmId));
        String vmPage = browser.getWindowHandle();
        browser.get("http://localhost:" + manager.httpPort() + "/vms/" + vmId);
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> { d.findElement(By.cssSelector("#vm-page a[data-action='console']")).click(); return true; });
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getWindowHandles().size() == 2);
        browser.switchTo().window(browser.getWindowHandles().stream().filter(h -> !h.equals(vmPage)).findFirst().orElseThrow());
        awaitConsoleState("Connected");

        // The canvas shows the guest's text console: 720x400 in VGA text mode, with lit pixels (the shell's prompt).
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> litPixels() > 500);
        assertThat(canvasSize()).isEqualTo("720x400");

        WebElement canvas = browser.findElement(By.cssSelector("#console-screen canvas"));
        canvas.click();
        typeLikeAPerson("echo FLOTILLA-CONSOLE-KEYS >/dev/ttyS0\n");
        Await.until("the typed command's output on the serial console", Duration.ofMinutes(1), () -> serial(vmId),
                s -> s.contains("FLOTILLA-CONSOLE-KEYS"), () -> serial(vmId) + "\n(browser: " + saveScreenshot("console-keys") + ")");

        // "Type text" sends a text as key presses (a password, a long command); Enter is a key of its own.
        browser.findElement(By.id("console-paste-text")).sendKeys("echo Flotilla-Typed:Text >/dev/ttyS0");
        browser.findElement(By.id("console-paste")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("console-paste")).isEnabled());
        canvas.click();
        new Actions(browser).sendKeys(Keys.ENTER).perform();
        Await.until("the typed text's output on the serial console", Duration.ofMinutes(1), () -> serial(vmId),
                s -> s.contains("Flotilla-Typed:Text"), () -> serial(vmId) + "\n(browser: " + saveScreenshot("console-typed-text") + ")");

        // A caller without the right gets no ticket; a ticket opens one session, once.
        Api stranger = new Api(URI.create("http://127.0.0.1:" + manager.httpPort() + "/"), "admin@internal", "wrong-password");
        assertThat(stranger.send("POST", "api/v1/vms/" + vmId + "/console", null).status()).isEqualTo(401);
        assertThat(ConsoleClient.connect(manager.httpPort(), "/console/websocket")).isEqualTo(403);
        assertThat(ConsoleClient.connect(manager.httpPort(), "/console/websocket?ticket=made-up")).isEqualTo(403);
        JsonNode ticket = manager.api().post("api/v1/vms/" + vmId + "/console", null, 201);
        assertThat(ticket.path("takesOver").path("user").asText()).isEqualTo("admin@internal");

        // A second session takes over: the first viewer is told by whom.
        try (ConsoleClient second = (ConsoleClient) ConsoleClient.connect(manager.httpPort(), ticket.path("websocketPath").asText())) {
            assertThat(ConsoleClient.connect(manager.httpPort(), ticket.path("websocketPath").asText())).isEqualTo(403);
            Await.until("the VNC greeting through the tunnel", Duration.ofSeconds(30), second::receivedText,
                    t -> t.startsWith("RFB 003.008"), second::receivedText);
            awaitConsoleState("Taken over");
            assertThat(browser.findElement(By.id("console-message")).getText()).contains("Taken over by admin@internal");

            // Taking it back closes the other session with the reason.
            browser.findElement(By.id("console-reconnect")).click();
            awaitConsoleState("Connected");
            assertThat(manager.api().bytes("actuator/prometheus")).asString(StandardCharsets.UTF_8)
                    .contains("flotilla_console_sessions 1.0");
            ConsoleClient.Closed closed = second.closed().get(30, TimeUnit.SECONDS);
            assertThat(closed.code()).isEqualTo(4001);
            assertThat(closed.reason()).startsWith("Taken over by admin@internal from ");
        }

        // A paused VM keeps its last frame; the console says why it does not move.
        manager.api().post("api/v1/vms/" + vmId + "/pause", null, 200);
        awaitConsoleState("Paused");
        manager.api().post("api/v1/vms/" + vmId + "/resume", null, 200);
        awaitConsoleState("Connected");

        String events = manager.api().get("api/v1/events?objectId=" + vmId + "&size=50").path("items").toString();
        assertThat(events).contains("Console of VM " + VM + " opened by admin@internal from")
                .contains("(it took over the session of admin@internal from")
                .contains("Console of VM " + VM + " closed (taken over by admin@internal from");

        // The CLI serves the same console as a VNC server on this machine, for any VNC viewer.
        Path cliLog = Path.of("target", "it-logs", "browser-cli-console.log").toAbsolutePath();
        Files.deleteIfExists(cliLog); // the log appends across runs: only this run's lines may count
        JavaProcess cli = JavaProcess.start("flotilla vm console", Repo.cliJar(), List.of("--url", "http://127.0.0.1:" + manager.httpPort(),
                "--user", "admin@internal", "--password", PASSWORD, "vm", "console", VM, "--listen", "127.0.0.1:0", "--once"), Map.of(), cliLog);
        try {
            Matcher served = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) ").matcher(Await.until("the CLI's VNC server", Duration.ofSeconds(60),
                    () -> read(cliLog), log -> log.contains("VNC server for VM"), () -> read(cliLog)));
            assertThat(served.find()).isTrue();
            try (Socket viewer = new Socket("127.0.0.1", Integer.parseInt(served.group(1)))) {
                viewer.setSoTimeout(30_000);
                assertThat(new String(viewer.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
            }
            Await.until("the CLI to end after its viewer left", Duration.ofSeconds(30), cli::alive, alive -> !alive, () -> read(cliLog));
            assertThat(read(cliLog)).contains("left: the viewer");
        } finally {
            cli.stop();
        }
        awaitConsoleState("Taken over");
        browser.close();
        browser.switchTo().window(vmPage);
    }

    @Test
    @Order(3)
    void anImageUploadedFromTheDisksPageShowsItsProgressAndIsVerifiedByTheHost() throws Exception {
        Path domainDir = Files.createDirectories(work.resolve("local-domain"));
        String hostId = manager.api().get("api/v1/hosts?name=browser-host").path("items").path(0).path("id").asText();
        manager.api().post("api/v1/storagedomains", Map.of("name", "browser-local", "type", "local", "hostId", hostId,
                "path", domainDir.toString()), 201);
        Path image = work.resolve("browser-upload.qcow2");
        Process made = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "32M").inheritIO().start();
        assertThat(made.waitFor()).isZero();

        browser.get("http://localhost:" + manager.httpPort() + "/disks");
        browser.findElement(By.id("upload-toggle")).click();
        browser.findElement(By.id("upload-file")).sendKeys(image.toString());
        type(By.id("upload-name"), "browser-uploaded");
        browser.findElement(By.id("upload-start")).click();

        WebElement status = browser.findElement(By.id("upload-status"));
        Await.until("the upload to end", Duration.ofMinutes(2), () -> status.getAttribute("data-state"),
                state -> state.equals("done") || state.equals("failed"), status::getText);
        assertThat(status.getText()).contains("Uploaded browser-uploaded: verified and OK");
        assertThat(browser.findElement(By.id("upload-progress")).getAttribute("value")).isEqualTo("100");
        Await.until("the new disk in the table", Duration.ofSeconds(30), () -> browser.findElements(By.id("disk-row-browser-uploaded")).size(),
                n -> n == 1, () -> browser.getPageSource());
        assertThat(manager.api().get("api/v1/disks?name=browser-uploaded").path("items").path(0).path("status").asText()).isEqualTo("OK");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Key by key, holding Shift for capitals and shifted symbols as a person does (noVNC sends
     * the guest key positions, so a capital without Shift arrives as a small letter), and a
     * little apart: the guest runs under TCG and reads its keyboard slowly.
     */
    private void typeLikeAPerson(String text) {
        Actions keys = new Actions(browser);
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                keys.sendKeys(Keys.ENTER);
            } else if (Character.isUpperCase(c) || "~!@#$%^&*()_+{}|:\"<>?".indexOf(c) >= 0) {
                keys.keyDown(Keys.SHIFT).sendKeys(String.valueOf(c)).keyUp(Keys.SHIFT);
            } else {
                keys.sendKeys(String.valueOf(c));
            }
            keys.pause(Duration.ofMillis(40));
        }
        keys.perform();
    }

    private String serial(String vmId) {
        return read(agent.serialLog(vmId));
    }

    /** The browser's window as a PNG under target/it-logs, for whoever reads a failure. */
    private Path saveScreenshot(String name) {
        Path file = Path.of("target", "it-logs", name + ".png").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            return Path.of("no screenshot: " + e.getMessage());
        }
        return file;
    }

    private void awaitConsoleState(String state) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class).until(d ->
                state.equals(d.findElement(By.id("console-state")).getAttribute("data-state")));
    }

    private long litPixels() {
        Object n = ((JavascriptExecutor) browser).executeScript("""
                const c = document.querySelector('#console-screen canvas');
                if (!c || c.width < 2) { return 0; }
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let lit = 0;
                for (let i = 0; i < d.length; i += 4) { if (d[i] > 64 || d[i + 1] > 64 || d[i + 2] > 64) { lit++; } }
                return lit;""");
        return ((Number) n).longValue();
    }

    private String canvasSize() {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const c = document.querySelector('#console-screen canvas'); return c.width + 'x' + c.height;");
    }

    private void type(By field, String text) {
        WebElement e = browser.findElement(field);
        e.clear();
        e.sendKeys(text);
    }
}
