package dev.flotilla.manager.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.manager.api.PageRequest;
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
import dev.flotilla.manager.vm.VmResponse;
import dev.flotilla.manager.vm.VmService;
import dev.flotilla.manager.vm.VmStatus;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import dev.flotilla.manager.ManagerTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console over real HTTP, as a browser without script sees it: a session cookie, the CSRF
 * token from the page, form posts answered by redirects. htmx only changes which part of the
 * same answers is swapped in, so this covers what the pages say and do.
 */
@ManagerTest
class ConsoleTest {

    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    private static final double MIB = 1024 * 1024;

    @Autowired
    VmService vms;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    dev.flotilla.manager.datacenter.DataCenterRepository dataCenters;
    @Autowired
    VmRepository vmRepository;
    @Autowired
    VmLiveStats liveStats;
    @Autowired
    HostRepository hosts;
    @Autowired
    HostPresence presence;
    @Autowired
    ClusterRepository clusters;

    private HttpClient browser;

    @BeforeEach
    void newBrowser() {
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Test
    void loginPageRendersItsForm() throws Exception {
        HttpResponse<String> page = get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"username\"", "id=\"password\"", "id=\"login\"", "name=\"_csrf\"");
        assertThat(get("/login?error").body()).contains("Invalid user or password");
        assertThat(get("/login?logout").body()).contains("Signed out");
    }

    @Test
    void pagesNeedASignIn() throws Exception {
        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> answer = noRedirects.send(HttpRequest.newBuilder(url("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        String token = csrf(get("/login").body());
        HttpResponse<String> answer = post("/login", Map.of("username", "admin@internal", "password", "wrong", "_csrf", token));
        assertThat(answer.uri().toString()).endsWith("/login?error");
        assertThat(answer.body()).contains("Invalid user or password");
    }

    @Test
    void clustersShowTheirSchedulingPolicyAndAffinityGroups() throws Exception {
        login();
        String list = get("/clusters").body();
        assertThat(list).contains("id=\"cluster-row-Default\"", "nav-clusters");
        UUID id = clusters.findByName("Default").orElseThrow().id();
        assertThat(list).contains("/clusters/" + id + "/affinitygroups");
        HttpResponse<String> groups = get("/clusters/" + id + "/affinitygroups");
        assertThat(groups.statusCode()).isEqualTo(200);
        assertThat(groups.body()).contains("id=\"affinity-table\"", "id=\"affinity-cluster\">Default<");
    }

    @Test
    void theDashboardShowsTheDefaultClusterAndTheUser() throws Exception {
        HttpResponse<String> dashboard = login();
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("id=\"cluster-row-Default\"", "admin@internal", "Recent events",
                "htmx.min.js", "sse.js", "sse-connect=\"/live\"");
        for (String asset : new String[] {"/webjars/htmx.org/dist/htmx.min.js", "/webjars/htmx-ext-sse/sse.js",
                "/webjars/patternfly__patternfly/patternfly.min.css", "/css/console.css"}) {
            assertThat(get(asset).statusCode()).as(asset).isEqualTo(200);
        }
        for (String page : new String[] {"/hosts", "/vms", "/events", "/hosts/table", "/vms/table", "/events/table"}) {
            assertThat(get(page).statusCode()).as(page).isEqualTo(200);
        }
    }

    @Test
    void theJobsTemplatesAndSnapshotSectionsRenderAndARefusedSnapshotSaysWhy() throws Exception {
        String page = login().body();
        for (String path : new String[] {"/jobs", "/jobs/table", "/templates", "/templates/table"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(get("/jobs").body()).contains("id=\"job-table\"", "id=\"nav-jobs\"", "id=\"nav-templates\"");
        VmResponse vm = vms.create(new VmInput("web-snapshots", null, 1, 512L, false, "", null, null));
        String vmPage = get("/vms/" + vm.id()).body();
        assertThat(vmPage).contains("id=\"vm-snapshots\"", "id=\"vm-jobs\"", "id=\"take-snapshot\"", "id=\"make-template\"");

        HttpResponse<String> refused = post("/vms/" + vm.id() + "/snapshots", form(page, "description", "first"));
        assertThat(refused.body()).contains("id=\"vm-alert\"", "VM web-snapshots has no disks to snapshot");
    }

    @Test
    void aVmCreatedThroughTheFormExists() throws Exception {
        String page = login().body();
        HttpResponse<String> answer = post("/vms", form(page, "name", "web-created", "cpus", "2", "memoryMiB", "1024",
                "description", "from the console", "highlyAvailable", "true"));
        assertThat(answer.body()).contains("VM web-created was created", "id=\"vm-row-web-created\"");
        VmResponse vm = find("web-created").orElseThrow();
        assertThat(vm.cpus()).isEqualTo(2);
        assertThat(vm.memoryMiB()).isEqualTo(1024);
        assertThat(vm.highlyAvailable()).isTrue();
        assertThat(vm.description()).isEqualTo("from the console");
        assertThat(get("/vms/" + vm.id()).body()).contains("id=\"vm-name\"", "web-created", "was created");
    }

    @Test
    void invalidInputIsShownNextToItsField() throws Exception {
        String page = login().body();
        HttpResponse<String> answer = post("/vms", form(page, "name", "web-bad", "cpus", "0", "memoryMiB", "1024",
                "kernel", "relative/vmlinuz"));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("id=\"cpus-error\"", "id=\"kernel-error\"", "must be an absolute path on the host",
                "value=\"relative/vmlinuz\"");
        assertThat(find("web-bad")).isEmpty();

        HttpResponse<String> notANumber = post("/vms", form(answer.body(), "name", "web-bad", "cpus", "two"));
        assertThat(notANumber.body()).contains("id=\"cpus-error\"", "must be a whole number", "value=\"two\"");
    }

    @Test
    void startingWithNoHostShowsWhyInAnAlert() throws Exception {
        String page = login().body();
        VmResponse vm = vms.create(new VmInput("web-nohost", null, 1, 512L, false, "", null, null));
        // As htmx sends it: the token in a header, not in the form.
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(url("/vms/" + vm.id() + "/start"))
                .header("X-CSRF-TOKEN", meta(page)).header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("id=\"vm-alert\"", "no host in cluster Default can run VM web-nohost");
        assertThat(vms.get(vm.id()).status()).isEqualTo("Down");
    }

    @Test
    void theHostAndVmPagesShowDiskAndNetworkRatesAndAVmWithoutDisksSaysSo() throws Exception {
        login();
        String suffix = Long.toHexString(System.nanoTime());
        UUID cluster = clusters.findByName("Default").orElseThrow().id();
        // Maintenance: the host monitor expects no heartbeats from it, so the stats below stay as given.
        Host host = new Host(UUID.randomUUID(), cluster, "rates-host-" + suffix, HostStatus.Maintenance, "", HostFacts.UNKNOWN,
                null, 0, Instant.now());
        hosts.insert(host);
        VmResponse withDisk = vms.create(new VmInput("rates-disk-" + suffix, null, 1, 128L, false, "", null, null));
        VmResponse bare = vms.create(new VmInput("rates-bare-" + suffix, null, 1, 128L, false, "", null, null));
        try {
            presence.heard(host.id(), Instant.now(), new HostStats(10, 1024, 4096, 0.1, 0.1, 0.1, 60, 1.5 * MIB, 12 * 1024, 2048, 512));
            for (VmResponse vm : List.of(withDisk, bare)) {
                assertThat(vmRepository.changeStatus(vm.id(), VmStatus.Down, VmStatus.Up, host.id(), "", Instant.now())).isTrue();
            }
            liveStats.put(withDisk.id(), new ReportedVm.Stats(5, 100, 60, 1, 3 * MIB, 0.0, 0, 0.0, 0.0));
            liveStats.put(bare.id(), new ReportedVm.Stats(5, 100, 60, 0, 0.0, 0.0, 0, 0.0, 0.0));

            assertThat(get("/hosts/" + host.id()).body()).contains("1.5 MiB/s read, 12 KiB/s written", "2 KiB/s received, 512 B/s sent");

            String diskPage = get("/vms/" + withDisk.id()).body();
            assertThat(diskPage).contains("1 disk: 3 MiB/s read, 0 B/s written", "no network interfaces");
            assertThat(openingTag(diskPage, "vm-chart-disk")).doesNotContain("hidden");
            assertThat(openingTag(diskPage, "vm-no-disks")).contains("hidden");
            // no NIC: the note takes the network chart's place
            assertThat(openingTag(diskPage, "vm-chart-network")).contains("hidden");
            assertThat(openingTag(diskPage, "vm-no-nics")).doesNotContain("hidden");

            String barePage = get("/vms/" + bare.id()).body();
            assertThat(barePage).contains("no disks", "This VM has no disks.");
            assertThat(openingTag(barePage, "vm-chart-disk")).contains("hidden");
            assertThat(openingTag(barePage, "vm-no-disks")).doesNotContain("hidden");
        } finally {
            for (VmResponse vm : List.of(withDisk, bare)) {
                vmRepository.changeStatus(vm.id(), VmStatus.Up, VmStatus.Down, null, "", Instant.now());
                liveStats.remove(vm.id());
                vms.delete(vm.id());
            }
            presence.forget(host.id());
            hosts.delete(host.id());
        }
    }

    /** The opening tag of the element with this id, attributes and all. */
    private static String openingTag(String page, String id) {
        Matcher m = Pattern.compile("<[^>]*\\bid=\"" + id + "\"[^>]*>").matcher(page);
        assertThat(m.find()).as("page has an element with id %s", id).isTrue();
        return m.group();
    }

    @Test
    void aVmWithoutAScreenShowsAPlaceholderAndItsPictureSaysWhy() throws Exception {
        login();
        VmResponse vm = vms.create(new VmInput("web-dark", null, 1, 512L, false, "", null, null));

        assertThat(get("/vms/" + vm.id()).body()).contains("id=\"vm-screen\"", "No screen while Down");
        HttpResponse<String> picture = get("/vms/" + vm.id() + "/screenshot.png");

        assertThat(picture.statusCode()).isEqualTo(409);
        assertThat(picture.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
        assertThat(picture.body()).contains("<svg", "web-dark is Down");
    }

    @Test
    void anEnrollmentTokenComesWithTheAgentCommand() throws Exception {
        String page = login().body();
        HttpResponse<String> answer = post("/hosts/enrollment-token", form(page, "hostName", "kvm-7"));
        assertThat(answer.body()).contains("id=\"enrollment-command\"", "--name kvm-7 --manager localhost:", "--token ");
    }

    @Test
    void anUnknownVmIsANotFoundPage() throws Exception {
        login();
        HttpResponse<String> answer = get("/vms/" + java.util.UUID.randomUUID());
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("id=\"problem-message\"", "does not exist");
    }

    @Test
    void aPostWithoutTheTokenIsRefused() throws Exception {
        login();
        HttpClient noRedirects = HttpClient.newBuilder().cookieHandler(browser.cookieHandler().orElseThrow())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> answer = noRedirects.send(HttpRequest.newBuilder(url("/vms"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=web-forged")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(find("web-forged")).isEmpty();
    }

    @Test
    void theLiveStreamNamesTheVmTableWhenAVmIsCreated() throws Exception {
        login();
        HttpResponse<Stream<String>> stream = browser.send(HttpRequest.newBuilder(url("/live"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Iterator<String> lines = stream.body().iterator();
        assertThat(lines.next()).isEqualTo(":connected"); // subscribed: what happens from now on is sent

        vms.create(new VmInput("web-live", null, 1, 512L, false, "", null, null));

        // The guard only keeps a broken stream from hanging the build; it asserts nothing about speed.
        CompletableFuture<Boolean> sawVms = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                if (lines.next().equals("event:vms")) {
                    return true;
                }
            }
            return false;
        });
        try {
            assertThat(sawVms.get(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            stream.body().close();
        }
    }

    @Test
    void aStorageDomainAndADiskMadeInTheConsoleAreAttachedToAVmOnItsPage() throws Exception {
        login();
        var api = new dev.flotilla.manager.api.ApiClient(port, "admin@internal", "test-pass");
        try (var host = new dev.flotilla.manager.storage.AnsweringHost(context, api, "web-storage")) {
            host.answer = c -> dev.flotilla.protocol.v1.CommandResult.newBuilder().setOk(true).setStorage(dev.flotilla.protocol.v1.StorageAnswer
                    .newBuilder().setTotalBytes(100L << 30).setFreeBytes(50L << 30).setSummary("50 GiB free")
                    .setVolume(dev.flotilla.protocol.v1.VolumeSize.newBuilder().setVirtualBytes(1L << 30)));
            String dc = dataCenters.findByName("Default").orElseThrow().id().toString();
            String page = get("/storage").body();

            HttpResponse<String> added = post("/storage", form(page, "name", "web-nfs", "type", "nfs", "role", "data", "dataCenterId", dc,
                    "hostId", host.id, "nfsServer", "10.0.0.5", "nfsExport", "/export"));

            assertThat(added.body()).contains("id=\"storage-row-web-nfs\"", "10.0.0.5:/export", "50 GiB free of 100 GiB", "Active");
            String domainId = java.util.stream.StreamSupport.stream(api.get("/storagedomains?size=1000").body().path("items").spliterator(), false)
                    .filter(d -> d.path("name").asString().equals("web-nfs")).findFirst().orElseThrow().path("id").asString();
            assertThat(get("/storage/" + domainId).body()).contains("id=\"storage-name\"", "web-nfs", "No disks on this domain.");

            HttpResponse<String> made = post("/disks", form(get("/disks").body(), "name", "web-disk", "storageDomainId", domainId,
                    "sizeGiB", "1", "format", "qcow2"));
            assertThat(made.body()).contains("id=\"disk-row-web-disk\"", "1 GiB", "qcow2");

            VmResponse vm = vms.create(new VmInput("web-with-disk", null, 1, 64L, false, "", null, null));
            String vmPage = get("/vms/" + vm.id()).body();
            assertThat(vmPage).contains("No disks: the VM boots its kernel directly.", "web-disk (1 GiB, web-nfs)");
            String diskId = api.get("/disks?name=web-disk").body().path("items").path(0).path("id").asString();
            HttpResponse<String> attached = post("/vms/" + vm.id() + "/disks", form(vmPage, "diskId", diskId, "interface", "virtio-blk",
                    "bootable", "true"));
            assertThat(attached.body()).contains("id=\"vm-disk-web-disk\"", "Disk web-disk was attached (virtio-blk)");
            HttpResponse<String> detached = post("/vms/" + vm.id() + "/disks/" + diskId + "/detach", form(attached.body()));
            assertThat(detached.body()).contains("Disk web-disk was detached").doesNotContain("id=\"vm-disk-web-disk\"");

            HttpResponse<String> bad = post("/storage", form(get("/storage").body(), "name", "web-bad", "type", "nfs", "nfsServer", "",
                    "nfsExport", "relative"));
            assertThat(bad.body()).contains("id=\"nfsServer-error\"", "id=\"nfsExport-error\"");

            // Import Domain: the checkbox sends "import"; a posix directory without disks imports none
            assertThat(bad.body()).contains("id=\"importDisks\"", "Import existing domain (register its disks");
            HttpResponse<String> imported = post("/storage", form(get("/storage").body(), "name", "web-imported", "type", "posix",
                    "dataCenterId", dc, "hostId", host.id, "path", "/srv/old-domain", "importDisks", "true"));
            assertThat(imported.body()).contains("id=\"storage-row-web-imported\"", "0 disk(s) imported");
            assertThat(host.asked(dev.flotilla.protocol.v1.Command.ActionCase.LIST_VOLUMES)).hasSize(1);
            // the checkbox is there for NFS too: the export is listed by the host like a directory
            HttpResponse<String> importedNfs = post("/storage", form(get("/storage").body(), "name", "web-imported-nfs", "type", "nfs",
                    "dataCenterId", dc, "hostId", host.id, "nfsServer", "10.213.0.10", "nfsExport", "/export/old", "importDisks", "true"));
            assertThat(importedNfs.body()).contains("id=\"storage-row-web-imported-nfs\"", "0 disk(s) imported");
            assertThat(host.asked(dev.flotilla.protocol.v1.Command.ActionCase.LIST_VOLUMES)).hasSize(2)
                    .last().satisfies(c -> assertThat(c.getListVolumes().getDomain().getNfs().getExport()).isEqualTo("/export/old"));
        }
    }

    HttpResponse<String> login() throws IOException, InterruptedException {
        String token = csrf(get("/login").body());
        HttpResponse<String> answer = post("/login", Map.of("username", "admin@internal", "password", "test-pass", "_csrf", token));
        assertThat(answer.uri().getPath()).isEqualTo("/");
        return answer;
    }

    private Optional<VmResponse> find(String name) {
        return vms.list(new VmRepository.Filter(null, null, null, name), new PageRequest(0, 1)).items().stream().findFirst();
    }

    /** The new-VM form's fields as a browser would send them: the page's token plus these values. */
    private static Map<String, String> form(String page, String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", csrf(page));
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    static String csrf(String page) {
        Matcher m = CSRF_FIELD.matcher(page);
        assertThat(m.find()).as("page has a CSRF field").isTrue();
        return m.group(1);
    }

    private static String meta(String page) {
        Matcher m = CSRF_META.matcher(page);
        assertThat(m.find()).as("page has a CSRF meta tag").isTrue();
        return m.group(1);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
