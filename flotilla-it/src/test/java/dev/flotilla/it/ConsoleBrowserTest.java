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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser against a real fleet (the manager jar and one qemu agent): an
 * admin logs in, creates a VM with the form, starts it with its row's button, and watches the
 * row turn Up without reloading the page (server-sent events), while a real guest boots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
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
        if (agent != null) {
            agent.killQemus();
            agent.stop();
        }
        if (manager != null) {
            manager.stop();
        }
        if (work != null) {
            Machine.deleteTree(work);
        }
    }

    @Test
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

    private void type(By field, String text) {
        WebElement e = browser.findElement(field);
        e.clear();
        e.sendKeys(text);
    }
}
