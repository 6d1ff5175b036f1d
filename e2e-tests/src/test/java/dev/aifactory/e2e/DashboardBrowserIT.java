package dev.aifactory.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dashboard in a real browser (Debian's headless Chromium driven by Selenium) against the real
 * factory: the services as processes, the whole demo loop run first so that every page has data.
 * Screenshots of the main pages go to {@code e2e-tests/target/screenshots/}.
 */
class DashboardBrowserIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static RunningFactory factory;
  static ObjectNode loop;
  static Path screenshots;

  WebDriver browser;
  Path profile;

  @BeforeAll
  static void startFactoryAndRunTheLoop() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium and its driver are not installed (apt-get install chromium chromium-driver):"
            + " skipping the browser tests");
    factory = RunningFactory.shared();
    screenshots = factory.root.resolve("e2e-tests/target/screenshots");
    Files.createDirectories(screenshots);
    RunningFactory.DemoRun demo = RunningFactory.demoLoop();
    loop = demo.result();
    assertThat(loop.path("status").asString())
        .as(() -> "demo loop failed:\n" + demo.transcript() + "\n" + factory.logTails())
        .isEqualTo("ok");
  }

  @BeforeEach
  void openBrowser() throws IOException {
    profile = Files.createTempDirectory("dashboard-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1366,1000",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
  }

  @AfterEach
  void closeBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void signsInAndSeesTheLoopOnTheOverview() throws IOException {
    signIn("demo-ml", "demo-ml-secret");

    WebElement groups = waitFor(By.id("overview-groups"));
    WebElement row = rowOf(groups, group());
    assertThat(row.getText()).contains("v" + loop.path("champion").asInt()).contains("auc");
    assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("demo-ml");
    assertThat(browser.getPageSource()).contains(group());
    assertThat(browser.findElements(By.cssSelector(".notice.error"))).isEmpty();
    screenshot("overview");
  }

  @Test
  void aPersonSignsInAtPolicyWithPkceAndActsWithTheirOwnToken() throws IOException {
    signInAsPerson("alice", "alice-password");
    assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("alice");
    WebElement groups = waitFor(By.id("overview-groups"));
    assertThat(rowOf(groups, group()).getText()).contains("v" + loop.path("champion").asInt());
    // alice approves for team demo: the champion button is there for her
    browser.get(dashboard("/models/" + encode(group())));
    waitFor(By.id("versions"));
    assertThat(browser.findElements(By.cssSelector("button.make-champion"))).isNotEmpty();
    screenshot("signed-in-person");
  }

  @Test
  void aViewerSignedInAsAPersonSeesNoChampionButton() {
    signInAsPerson("victor", "victor-password");
    assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("victor");
    browser.get(dashboard("/models/" + encode(group())));
    waitFor(By.id("versions"));
    assertThat(browser.findElements(By.cssSelector("button.make-champion"))).isEmpty();
  }

  @Test
  void aPersonOfAnotherTeamSeesNoneOfTeamDemosModels() {
    signInAsPerson("olga", "olga-password");
    assertThat(browser.findElement(By.id("signed-in-as")).getText()).contains("olga");
    browser.get(dashboard("/models"));
    waitFor(By.tagName("h1"));
    assertThat(browser.findElements(By.cssSelector(".notice.error"))).isEmpty();
    assertThat(browser.getPageSource()).doesNotContain(group());
    browser.get(dashboard("/models/" + encode(group())));
    waitFor(By.tagName("h1"));
    assertThat(browser.findElements(By.cssSelector("button.make-champion"))).isEmpty();
  }

  @Test
  void aNewUserRunsTheLoopFromThePagesFromDatasetToServedModel(@TempDir Path dir)
      throws IOException {
    String name = "ui-" + UUID.randomUUID().toString().substring(0, 6);
    DemoData data = DemoData.builtIn(5);
    Path csv = dir.resolve(name + ".csv");
    Files.write(csv, data.toCsv(data.train));
    signInAsPerson("alice", "alice-password");

    // an endpoint for the group first, so the first approved version is served at once
    browser.get(dashboard("/endpoints"));
    waitFor(By.id("new-endpoint-form"));
    browser.findElement(By.id("endpoint-name")).sendKeys(name);
    browser.findElement(By.id("endpoint-modelGroup")).sendKeys(name);
    browser.findElement(By.id("create-endpoint")).click();
    waitFor(By.tagName("h1"));
    assertThat(browser.findElements(By.cssSelector(".notice.error"))).isEmpty();

    browser.get(dashboard("/datasets"));
    waitFor(By.id("new-dataset-form"));
    browser.findElement(By.id("dataset-name")).sendKeys(name);
    browser.findElement(By.id("dataset-modelGroup")).sendKeys(name);
    browser.findElement(By.id("dataset-target")).sendKeys(data.target);
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("dataset-objective")))
        .selectByValue(data.objective);
    WebElement autoTrain = browser.findElement(By.id("dataset-autoTrain"));
    if (!autoTrain.isSelected()) autoTrain.click();
    browser.findElement(By.id("create-dataset")).click();

    waitFor(By.id("upload-form"));
    browser.findElement(By.id("upload-file")).sendKeys(csv.toString());
    browser.findElement(By.id("upload-version")).click();
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "PASSED"));
    screenshot("uploaded-version");

    // the loop takes it from here: trained, approved by the promotion gate, served
    URI gateway = URI.create("http://127.0.0.1:" + RunningFactory.GATEWAY);
    FactoryClient api =
        new FactoryClient(
            URI.create("http://127.0.0.1:" + RunningFactory.POLICY), "demo-ml", "demo-ml-secret");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptions()
        .until(
            () ->
                api.get(gateway, "/api/v1/endpoints/" + name)
                    .path("deployments")
                    .path(0)
                    .path("version")
                    .asInt(),
            v -> v == 1);
    browser.get(dashboard("/models/" + encode(name)));
    WebElement versions = waitFor(By.id("versions"));
    assertThat(versions.getText()).contains("APPROVED");
    screenshot("ui-loop-model");
  }

  @Test
  void aWrongSecretIsRefusedInWords() {
    browser.get(dashboard("/login"));
    browser.findElement(By.id("clientId")).sendKeys("demo-ml");
    browser.findElement(By.id("clientSecret")).sendKeys("not-the-secret");
    browser.findElement(By.id("sign-in")).click();

    assertThat(waitFor(By.id("login-error")).getText())
        .contains("Unknown client id or wrong secret");
  }

  @Test
  void opensAModelGroupComparesItsVersionsAndMovesTheChampion() throws IOException {
    signIn("demo-ml", "demo-ml-secret");
    waitFor(By.id("overview-groups")).findElement(By.linkText(group())).click();

    WebElement versions = waitFor(By.id("versions"));
    assertThat(versions.getText())
        .contains("v1")
        .contains("v2")
        .contains("APPROVED")
        .contains("auc");
    assertThat(browser.findElement(By.id("champion")).getText()).isEqualTo("v2");
    screenshot("model-group");

    // an approver moves the champion back to v1 from the page, and the registry follows
    browser.findElement(By.id("make-champion-1")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.textToBe(By.id("champion"), "v1"));
    assertThat(browser.findElement(By.cssSelector(".notice.ok")).getText())
        .contains("Version 1 is now the champion");
    assertThat(championViaApi()).isEqualTo(1);

    // and forward again, leaving the factory as the loop left it
    browser.findElement(By.id("make-champion-2")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.textToBe(By.id("champion"), "v2"));
    assertThat(championViaApi()).isEqualTo(2);
  }

  @Test
  void theEndpointPageDrawsADriftChartWithData() throws IOException {
    signIn("demo-ml", "demo-ml-secret");
    browser.get(dashboard("/endpoints/" + encode(loop.path("endpoint").asString())));

    waitFor(By.id("drift-chart"));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        "var c = Chart.getChart(document.getElementById('drift-chart'));"
                            + " return !!c && c.data.datasets[0].data.some(v => v > 0);")));
    assertThat(
            js(
                "return Chart.getChart(document.getElementById('drift-chart'))"
                    + ".options.scales.y.title.text;"))
        .asString()
        .contains("Share of features drifted");
    assertThat(
            js(
                "return Chart.getChart(document.getElementById('latency-chart'))"
                    + ".options.scales.y.title.text;"))
        .isEqualTo("Latency (ms)");
    screenshot("endpoint");
  }

  @Test
  void aViewerSeesNoChampionButtonAndAForgedRequestIsRefused() throws IOException {
    signIn("demo-viewer", "demo-viewer-secret");
    browser.get(dashboard("/models/" + encode(group())));
    waitFor(By.id("versions"));
    assertThat(browser.findElements(By.cssSelector("button.make-champion"))).isEmpty();
    int championBefore = championViaApi();
    String action = "/models/" + encode(group()) + "/champion";

    // forged without the CSRF token: refused
    Object withoutToken =
        jsAsync(
            "var done = arguments[arguments.length - 1];"
                + " fetch(arguments[0], {method: 'POST', redirect: 'manual',"
                + "  headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + "  body: 'version=1'}).then(r => done(r.status), e => done(String(e)));",
            action);
    assertThat(withoutToken).isEqualTo(403L);

    // even with the session's valid CSRF token (from the sign-out form): refused by role
    Object withToken =
        jsAsync(
            "var done = arguments[arguments.length - 1];"
                + " var token = document.querySelector('input[name=_csrf]').value;"
                + " fetch(arguments[0], {method: 'POST', redirect: 'manual',"
                + "  headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                + "  body: 'version=1&_csrf=' + encodeURIComponent(token)})"
                + " .then(r => done(r.status), e => done(String(e)));",
            action);
    assertThat(withToken).isEqualTo(403L);
    assertThat(championViaApi()).isEqualTo(championBefore);
    screenshot("model-group-viewer");
  }

  @Test
  void everyMainPageRendersWithDataAndSavesAScreenshot() throws IOException {
    signIn("demo-ml", "demo-ml-secret");
    List<String> pages =
        List.of(
            "/datasets",
            "/datasets/" + loop.path("datasetId").asString(),
            "/datasets/" + loop.path("datasetId").asString() + "/versions/1",
            "/training-runs",
            "/models",
            "/endpoints",
            "/monitoring",
            "/audit",
            "/policies");
    for (String page : pages) {
      browser.get(dashboard(page));
      waitFor(By.tagName("h1"));
      assertThat(browser.findElements(By.cssSelector(".notice.error")))
          .as("errors on %s", page)
          .isEmpty();
      assertThat(browser.findElements(By.cssSelector("p.empty")))
          .as("empty states on %s (the loop ran)", page)
          .isEmpty();
      screenshot(page.substring(1).replaceAll("[^a-z0-9]+", "-").replaceAll("-+$", ""));
    }
    browser.get(dashboard("/audit"));
    assertThat(waitFor(By.id("chain-status")).getText()).contains("Chain intact");
    browser.get(dashboard("/datasets/" + loop.path("datasetId").asString() + "/versions/1"));
    waitFor(By.id("histogram-0"));
    assertThat(js("return !!Chart.getChart(document.getElementById('histogram-0'));"))
        .isEqualTo(true);
  }

  @Test
  void anApproverApprovesAPendingVersionOnTheApprovalsPage() throws IOException {
    URI policy = URI.create("http://127.0.0.1:" + RunningFactory.POLICY);
    URI ingestion = URI.create("http://127.0.0.1:" + RunningFactory.INGESTION);
    URI training = URI.create("http://127.0.0.1:" + RunningFactory.TRAINING);
    String name = "approve-" + UUID.randomUUID().toString().substring(0, 6);

    // an admin makes the new group's versions wait for one approver
    FactoryClient admin = new FactoryClient(policy, "factory-admin", "factory-admin-secret");
    String expression =
        admin
            .get(policy, "/api/v1/policies/promotion-default")
            .path("current")
            .path("expression")
            .asString();
    assertThat(expression).isNotBlank();
    HttpResponse<String> created =
        put(
            admin,
            policy,
            "/api/v1/policies/promotion-requires-approval-" + name,
            Map.of(
                "attachmentPoint",
                "promotion",
                "scope",
                "model-group:" + name,
                "expression",
                expression,
                "description",
                "DashboardBrowserIT: versions of " + name + " need an approver",
                "approval",
                Map.of("requiredRole", "approver", "quorum", 1, "expiresInMinutes", 60)));
    assertThat(created.statusCode()).as(created::body).isEqualTo(201);

    // a dataset with autoTrain: policy requests the training, so demo-ml may approve its version
    FactoryClient ml = new FactoryClient(policy, "demo-ml", "demo-ml-secret");
    DemoData data = DemoData.builtIn(5);
    String datasetId =
        ml.createAutoTrainDataset(ingestion, name, data.target, data.objective, Map.of());
    ml.uploadVersion(ingestion, datasetId, "v1.csv", data.toCsv(data.train));
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsInstanceOf(FactoryClient.ApiError.class)
        .untilAsserted(
            () ->
                assertThat(
                        ml.get(training, "/api/v1/model-groups/" + name + "/versions/1")
                            .path("status")
                            .asString())
                    .isEqualTo("PENDING_MANUAL_APPROVAL"));
    String[] approvalId = new String[1];
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode pending =
                  DemoLoop.items(ml.get(policy, "/api/v1/approvals?status=pending&size=200"))
                      .stream()
                      .filter(a -> name.equals(a.path("modelGroup").asString()))
                      .findFirst()
                      .orElseThrow(() -> new AssertionError("no pending approval for " + name));
              approvalId[0] = pending.path("id").asString();
            });
    String id = approvalId[0];

    // a viewer sees the request, but no button to decide it
    signIn("demo-viewer", "demo-viewer-secret");
    browser.get(dashboard("/approvals"));
    assertThat(waitFor(By.id("approval-" + id)).getText())
        .contains(name)
        .contains("v1")
        .contains("approver")
        .contains("0 of 1 approvals");
    assertThat(browser.findElements(By.cssSelector("button.approve"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("button.reject"))).isEmpty();
    screenshot("approvals-viewer");

    // an approver follows the pending version from the registry to its request, and approves it
    browser.manage().deleteAllCookies();
    signIn("demo-ml", "demo-ml-secret");
    browser.get(dashboard("/models/" + encode(name)));
    waitFor(By.id("approval-link-1")).click();
    assertThat(waitFor(By.tagName("h1")).getText()).isEqualTo("Approval of " + name + " v1");
    browser.findElement(By.linkText("Approvals")).click();
    WebElement request = waitFor(By.id("approval-" + id));
    assertThat(request.getText()).contains("candidate v1").contains("auc");
    browser.findElement(By.id("comment-" + id)).sendKeys("metrics look right; approved in the IT");
    js("arguments[0].scrollIntoView();", request);
    screenshot("approvals");
    browser.findElement(By.id("approve-" + id)).click();

    assertThat(waitFor(By.cssSelector(".notice.ok")).getText())
        .contains("Your approval of " + name + " v1 is recorded")
        .contains("approved by demo-ml");
    assertThat(browser.findElements(By.cssSelector(".notice.error"))).isEmpty();
    assertThat(waitFor(By.id("resolved-approvals")).getText())
        .contains(name + " v1")
        .contains("approved by demo-ml")
        .contains("metrics look right");
    screenshot("approvals-resolved");

    // training promotes the version once policy publishes the approval
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(
                      ml.get(training, "/api/v1/model-groups/" + name + "/versions/1")
                          .path("status")
                          .asString())
                  .isEqualTo("APPROVED");
              assertThat(
                      ml.get(training, "/api/v1/model-groups/" + name)
                          .path("aliases")
                          .path("champion")
                          .asInt())
                  .isEqualTo(1);
            });
  }

  private static HttpResponse<String> put(FactoryClient client, URI base, String path, Object body)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + client.accessToken())
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(client.json().writeValueAsString(body)))
            .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private void signIn(String clientId, String secret) {
    browser.get(dashboard("/login"));
    browser.findElement(By.id("clientId")).sendKeys(clientId);
    browser.findElement(By.id("clientSecret")).sendKeys(secret);
    browser.findElement(By.id("sign-in")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
  }

  /** Signs in through policy-service's login page (authorization code with PKCE). */
  private void signInAsPerson(String username, String password) {
    browser.get(dashboard("/login"));
    browser.findElement(By.id("sign-in-user")).click();
    waitFor(By.id("username")).sendKeys(username);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
  }

  private WebElement waitFor(By by) {
    return new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private static WebElement rowOf(WebElement table, String text) {
    return table.findElements(By.cssSelector("tbody tr")).stream()
        .filter(r -> r.getText().contains(text))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row with " + text + " in " + table.getText()));
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private Object jsAsync(String script, Object... args) {
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return ((JavascriptExecutor) browser).executeAsyncScript(script, args);
  }

  private void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(screenshots.resolve(name + ".png"), png);
  }

  private int championViaApi() {
    FactoryClient api =
        new FactoryClient(
            URI.create("http://127.0.0.1:" + RunningFactory.POLICY), "demo-ml", "demo-ml-secret");
    JsonNode details =
        api.get(
            URI.create("http://127.0.0.1:" + RunningFactory.TRAINING),
            "/api/v1/model-groups/" + encode(group()));
    return details.path("aliases").path("champion").asInt();
  }

  private static String group() {
    return loop.path("modelGroup").asString();
  }

  private static String dashboard(String path) {
    return "http://127.0.0.1:" + RunningFactory.DASHBOARD + path;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
