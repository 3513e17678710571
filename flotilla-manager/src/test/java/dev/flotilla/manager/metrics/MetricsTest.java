package dev.flotilla.manager.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.ManagerTest;
import dev.flotilla.manager.api.ApiClient;
import dev.flotilla.manager.datacenter.ClusterRepository;
import dev.flotilla.manager.host.Host;
import dev.flotilla.manager.host.HostFacts;
import dev.flotilla.manager.host.HostPresence;
import dev.flotilla.manager.host.HostRepository;
import dev.flotilla.manager.host.HostStats;
import dev.flotilla.manager.host.HostStatus;
import dev.flotilla.manager.vm.ReportedVm;
import dev.flotilla.manager.vm.VmInput;
import dev.flotilla.manager.vm.VmLiveStats;
import dev.flotilla.manager.vm.VmRepository;
import dev.flotilla.manager.vm.VmService;
import dev.flotilla.manager.vm.VmStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The stats history API and the Prometheus endpoint over real HTTP, fed through the real sampler. */
@ManagerTest
class MetricsTest {

    private static final String UNKNOWN = "00000000-0000-4000-8000-000000000000";

    @LocalServerPort
    int port;

    @Autowired
    HostRepository hosts;
    @Autowired
    HostPresence presence;
    @Autowired
    ClusterRepository clusters;
    @Autowired
    VmService vmService;
    @Autowired
    VmRepository vms;
    @Autowired
    VmLiveStats liveStats;
    @Autowired
    StatsSampler sampler;

    ApiClient api() {
        return new ApiClient(port, "admin@internal", "test-pass");
    }

    @Test
    void historyOfAnUnknownObjectIs404() {
        assertThat(api().get("/hosts/" + UNKNOWN + "/stats/history").status()).isEqualTo(404);
        assertThat(api().get("/vms/" + UNKNOWN + "/stats/history").status()).isEqualTo(404);
    }

    @Test
    void sampledStatsComeBackAsHistory() {
        String suffix = Long.toHexString(System.nanoTime());
        UUID cluster = clusters.findByName("Default").orElseThrow().id();
        // A host the monitor leaves alone (Maintenance expects no heartbeats) but whose agent "spoke".
        Host host = new Host(UUID.randomUUID(), cluster, "metrics-host-" + suffix, HostStatus.Maintenance, "", HostFacts.UNKNOWN,
                null, 0, Instant.now());
        hosts.insert(host);
        UUID vmId = vmService.create(new VmInput("metrics-vm-" + suffix, null, 1, 128L, false, "", null, null)).id();
        UUID bareId = vmService.create(new VmInput("metrics-bare-" + suffix, null, 1, 128L, false, "", null, null)).id();
        try {
            presence.heard(host.id(), Instant.now(), new HostStats(42.5, 1024, 4096, 0.7, 0.5, 0.2, 3600, 1536.5, 512.25, 2048.5, 256.75));
            assertThat(vms.changeStatus(vmId, VmStatus.Down, VmStatus.Up, host.id(), "", Instant.now())).isTrue();
            assertThat(vms.changeStatus(bareId, VmStatus.Down, VmStatus.Up, host.id(), "", Instant.now())).isTrue();
            liveStats.put(vmId, new ReportedVm.Stats(12.5, 96, 60, 2, 4096.5, 1024.5, 0, 0.0, 0.0));
            // today's VMs have no disk and no NIC: their rates are no rates, not zeros
            liveStats.put(bareId, new ReportedVm.Stats(3.5, 64, 60, 0, 0.0, 0.0, 0, 0.0, 0.0));

            sampler.sample();

            // The scheduled sampler runs too (every 10 s): a second, identical point may be there.
            var hostHistory = api().get("/hosts/" + host.id() + "/stats/history");
            assertThat(hostHistory.status()).isEqualTo(200);
            assertThat(hostHistory.body().path("total").asLong()).isBetween(1L, 2L);
            var hostPoint = hostHistory.body().path("items").get(0);
            assertThat(hostPoint.path("cpuPercent").asDouble()).isEqualTo(42.5);
            assertThat(hostPoint.path("memoryUsedMiB").asLong()).isEqualTo(1024);
            assertThat(hostPoint.path("memoryTotalMiB").asLong()).isEqualTo(4096);
            assertThat(hostPoint.path("load1").asDouble()).isEqualTo(0.7);
            assertThat(hostPoint.path("diskReadBytesPerSecond").asDouble()).isEqualTo(1536.5);
            assertThat(hostPoint.path("diskWriteBytesPerSecond").asDouble()).isEqualTo(512.25);
            assertThat(hostPoint.path("networkReceiveBytesPerSecond").asDouble()).isEqualTo(2048.5);
            assertThat(hostPoint.path("networkTransmitBytesPerSecond").asDouble()).isEqualTo(256.75);
            assertThat(hostPoint.path("time").asString()).isNotBlank();

            var vmHistory = api().get("/vms/" + vmId + "/stats/history");
            assertThat(vmHistory.status()).isEqualTo(200);
            assertThat(vmHistory.body().path("total").asLong()).isBetween(1L, 2L);
            var vmPoint = vmHistory.body().path("items").get(0);
            assertThat(vmPoint.path("cpuPercent").asDouble()).isEqualTo(12.5);
            assertThat(vmPoint.path("memoryRssMiB").asLong()).isEqualTo(96);
            assertThat(vmPoint.path("disks").asInt()).isEqualTo(2);
            assertThat(vmPoint.path("diskReadBytesPerSecond").asDouble()).isEqualTo(4096.5);
            assertThat(vmPoint.path("diskWriteBytesPerSecond").asDouble()).isEqualTo(1024.5);
            assertThat(vmPoint.path("nics").asInt()).isZero();
            assertThat(vmPoint.path("networkReceiveBytesPerSecond").isNull()).isTrue();
            var barePoint = api().get("/vms/" + bareId + "/stats/history").body().path("items").get(0);
            assertThat(barePoint.path("disks").asInt()).isZero();
            assertThat(barePoint.path("diskReadBytesPerSecond").isNull()).as("no disk, no rate").isTrue();

            String metrics = scrape().body();
            assertThat(metrics).contains("flotilla_host_cpu_percent{host=\"%s\"} 42.5".formatted(host.name()));
            assertThat(metrics).contains("flotilla_host_memory_used_mib{host=\"%s\"} 1024".formatted(host.name()));
            assertThat(metrics).contains("flotilla_host_disk_read_bytes_per_second{host=\"%s\"} 1536.5".formatted(host.name()));
            assertThat(metrics).contains("flotilla_host_disk_write_bytes_per_second{host=\"%s\"} 512.25".formatted(host.name()));
            assertThat(metrics).contains("flotilla_host_network_receive_bytes_per_second{host=\"%s\"} 2048.5".formatted(host.name()));
            assertThat(metrics).contains("flotilla_host_network_transmit_bytes_per_second{host=\"%s\"} 256.75".formatted(host.name()));
            assertThat(metrics).contains("flotilla_vm_cpu_percent{vm=\"metrics-vm-%s\"} 12.5".formatted(suffix));
            assertThat(metrics).contains("flotilla_vm_disk_read_bytes_per_second{vm=\"metrics-vm-%s\"} 4096.5".formatted(suffix));
            assertThat(metrics).contains("flotilla_vm_disk_write_bytes_per_second{vm=\"metrics-vm-%s\"} 1024.5".formatted(suffix));
            assertThat(metrics).doesNotContain("flotilla_vm_network_receive_bytes_per_second{vm=\"metrics-vm-%s\"}".formatted(suffix));
            assertThat(metrics).contains("flotilla_vm_cpu_percent{vm=\"metrics-bare-%s\"} 3.5".formatted(suffix));
            assertThat(metrics).doesNotContain("flotilla_vm_disk_read_bytes_per_second{vm=\"metrics-bare-%s\"}".formatted(suffix));
        } finally {
            for (UUID id : new UUID[] {vmId, bareId}) {
                vms.changeStatus(id, VmStatus.Up, VmStatus.Down, null, "", Instant.now());
                liveStats.remove(id);
                vmService.delete(id);
            }
            presence.forget(host.id());
            hosts.delete(host.id());
            sampler.sample();
        }
        assertThat(api().get("/vms/" + vmId + "/stats/history").status()).isEqualTo(404);
        String after = scrape().body();
        assertThat(after).doesNotContain("metrics-vm-" + suffix).doesNotContain("metrics-bare-" + suffix).doesNotContain(host.name());
    }

    @Test
    void prometheusServesFleetSeriesAndRequestTimingsWithoutLogin() throws Exception {
        api().get("/vms");  // at least one finished request, so the timer has a series

        HttpResponse<String> r = scrape();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        for (HostStatus s : HostStatus.values()) {
            assertThat(r.body()).contains("flotilla_hosts{status=\"%s\"}".formatted(s));
        }
        for (VmStatus s : VmStatus.values()) {
            assertThat(r.body()).contains("flotilla_vms{status=\"%s\"}".formatted(s));
        }
        assertThat(r.body()).contains("flotilla_agent_sessions ", "http_server_requests_seconds_count{");
    }

    @Test
    void consolePagesCarryTheirChartsAndStatsJsonNeedsTheSession() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        UUID cluster = clusters.findByName("Default").orElseThrow().id();
        Host host = new Host(UUID.randomUUID(), cluster, "charts-host-" + suffix, HostStatus.Maintenance, "", HostFacts.UNKNOWN,
                null, 0, Instant.now());
        hosts.insert(host);
        UUID vmId = vmService.create(new VmInput("charts-vm-" + suffix, null, 1, 128L, false, "", null, null)).id();
        try {
            HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> refused = anonymous.send(HttpRequest.newBuilder(url("/vms/" + vmId + "/stats.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(302);

            HttpClient browser = signedIn();
            HttpResponse<String> json = browser.send(HttpRequest.newBuilder(url("/vms/" + vmId + "/stats.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.body()).contains("\"items\":[]", "\"total\":0");
            assertThat(browser.send(HttpRequest.newBuilder(url("/hosts/" + UNKNOWN + "/stats.json")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

            String vmPage = browser.send(HttpRequest.newBuilder(url("/vms/" + vmId)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(vmPage).contains("id=\"vm-charts\"", "id=\"vm-chart-cpu\"", "id=\"vm-chart-disk\"", "id=\"vm-chart-network\"",
                    "/vms/" + vmId + "/stats.json", "uPlot.iife.min.js");
            assertThat(vmPage).doesNotContain("do not report them yet");

            HttpResponse<String> hostPage = browser.send(HttpRequest.newBuilder(url("/hosts/" + host.id())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(hostPage.statusCode()).isEqualTo(200);
            assertThat(hostPage.body()).contains(host.name(), "id=\"host-chart-cpu\"", "id=\"host-chart-disk\"", "id=\"host-chart-network\"",
                    "/hosts/" + host.id() + "/stats.json");
            assertThat(hostPage.body()).doesNotContain("do not report them yet", "vm-no-disks");
            assertThat(browser.send(HttpRequest.newBuilder(url("/hosts")).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("href=\"/hosts/" + host.id() + "\"");
            assertThat(browser.send(HttpRequest.newBuilder(url("/webjars/uplot/dist/uPlot.iife.min.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        } finally {
            vmService.delete(vmId);
            hosts.delete(host.id());
        }
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** A console session: the login form's CSRF token, then the form post. */
    private HttpClient signedIn() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String login = browser.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login);
        assertThat(csrf.find()).isTrue();
        String form = "username=admin%40internal&password=test-pass&_csrf=" + java.net.URLEncoder.encode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(url("/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.uri().getPath()).isNotEqualTo("/login");
        return browser;
    }

    private HttpResponse<String> scrape() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
