package org.ahphub.hub.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ahphub.testing.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The passport web page in a real headless Chromium against the real hub (embedded PostgreSQL and
 * Kafka, LRS, mapper) seeded through its public APIs. Each view is exercised as its user would and
 * photographed into {@code docs/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PassportWebPageBrowserIT {

  private static final Path SCREENSHOTS = screenshotDirectory();
  /** A phone screen: 740 CSS pixels tall at 360 px wide. */
  private static final int PHONE_SCREEN = 740;
  /**
   * The seeded support worker's passport, nothing expanded, fits three phone screens at 360 px (issue 18): what
   * needs doing, progress per domain and stage, the grid folded by domain, the gap, and the rest folded to a line.
   */
  private static final int LEARNER_FIRST_VIEW_MAX_AT_360 = 3 * PHONE_SCREEN;
  /** What a tab key press may reach on a page at most, so a trap or an endless page fails rather than hangs. */
  private static final int MAX_TAB_STOPS = 400;
  private static SeededHub hub;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireInstalled();
    hub = SeededHub.start();
    browser = Browser.open(hub.baseUrl());
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (hub != null) {
        hub.close();
      }
    }
  }

  @Test
  @Order(1)
  @DisplayName("the page is served from the mapper with a strict Content-Security-Policy and revalidated caching")
  void servedWithStrictHeaders() {
    HttpResponse<Buffer> root = hub.http.get(hub.hub.mapperPort(), "localhost", "/").followRedirects(false).send().await();
    assertThat(root.statusCode()).isEqualTo(302);
    assertThat(root.getHeader("Location")).isEqualTo("/app/");
    for (String path : List.of("/app/", "/app/js/main.js", "/app/app.css")) {
      HttpResponse<Buffer> page = hub.http.get(hub.hub.mapperPort(), "localhost", path).send().await();
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.getHeader("Content-Security-Policy")).as(path)
          .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
      assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(page.getHeader("Cache-Control")).isEqualTo("no-cache");
    }
    assertThat(hub.http.get(hub.hub.mapperPort(), "localhost", "/app/js/main.js").send().await().getHeader("Content-Type"))
        .contains("javascript");
    assertThat(hub.http.get(hub.hub.mapperPort(), "localhost", "/app/../pom.xml").send().await().statusCode())
        .isGreaterThanOrEqualTo(400);
  }

  @Test
  @Order(2)
  @DisplayName("framework browser: all 8 domains and 55 competencies with every stage indicator, searchable")
  void frameworkBrowser() {
    browser.go("#/framework", "framework");
    JsonObject framework = hub.http.get(hub.hub.mapperPort(), "localhost", "/framework").send().await().bodyAsJsonObject();
    assertThat(browser.all(".framework-domain")).hasSize(8);
    assertThat(browser.all(".competency")).hasSize(55);
    String text = browser.mainText();
    for (Object d : framework.getJsonArray("domains")) {
      for (Object c : ((JsonObject) d).getJsonArray("competencies")) {
        for (Object indicator : ((JsonObject) c).getJsonObject("indicators").getMap().values()) {
          assertThat(text).contains(normalise(String.valueOf(indicator)));
        }
      }
    }
    WebElement search = browser.find("#framework-search");
    search.sendKeys("infection");
    awaitText("#framework-count", "of 55 competencies match");
    assertThat(browser.find("#framework-results").getText()).contains("5.6 Infection prevention and control");
    assertThat(browser.all("#framework-results mark")).isNotEmpty();
    assertOnlyOwnOrigin();
    assertAccessible();
    browser.screenshot(SCREENSHOTS.resolve("framework.png"), 1800);
  }

  @Test
  @Order(3)
  @DisplayName("employer: signs in with its credential, sees only the people it employs, filters them, opens a passport")
  void employerSeesItsPeople() {
    signInAsOrganisation(hub.northfield);
    assertThat(browser.all("#people-table tbody tr")).hasSize(1);
    assertThat(browser.find("#people-table tbody tr").getAttribute("data-person")).isEqualTo(hub.samId);
    assertThat(browser.pageSource()).doesNotContain(hub.rileyId);
    assertThat(browser.find("#people-table").getText()).contains("Employed", "5.1", "5.4");
    // People by name and staff number; training due named by its subject; the organisation's name in the header.
    assertThat(browser.find("#people-table").getText()).contains("Sam Support", SeededHub.SAM_STAFF_NUMBER,
        "Fire Safety", "Health, Safety and Welfare");
    assertThat(browser.find("#who").getText()).contains("Northfield Community Trust");
    assertThat(browser.find("#due-table").getText()).contains("Fire Safety", "Health, Safety and Welfare");
    browser.find("#filter-text").sendKeys("nobody-by-that-name");
    awaitText("#people-count", "0 of 1 person shown.");
    browser.find("#filter-text").clear();
    browser.find("#filter-text").sendKeys(SeededHub.SAM_STAFF_NUMBER);
    awaitText("#people-count", "1 of 1 person shown.");
    browser.find("#filter-text").clear();
    browser.find("#filter-text").sendKeys(Keys.BACK_SPACE);
    awaitText("#people-count", "1 of 1 person shown.");
    // The CSV export keeps a cell a spreadsheet would take for a formula as text.
    Object cells = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "import('./js/employer.js').then(m => done([m.csvCell('=HYPERLINK(\"x\")'), m.csvCell('+1'), m.csvCell('-2'),"
        + " m.csvCell('@SUM(A1)'), m.csvCell('Sam Support'), m.csvCell('a,b')]));");
    assertThat(((List<?>) cells).stream().map(String::valueOf).toList()).containsExactly("\"'=HYPERLINK(\"\"x\"\")\"", "'+1", "'-2", "'@SUM(A1)", "Sam Support",
        "\"a,b\"");
    assertThat(browser.all("#export-csv")).hasSize(1);

    new Select(browser.find("#filter-due")).selectByValue("30");
    awaitText("#people-count", "1 of 1 person shown.");
    new Select(browser.find("#filter-stage")).selectByValue("intermediate");
    awaitText("#people-count", "0 of 1 person shown.");
    new Select(browser.find("#filter-stage")).selectByValue("none");
    awaitText("#people-count", "1 of 1 person shown.");
    new Select(browser.find("#filter-domain")).selectByValue("4");
    new Select(browser.find("#filter-stage")).selectByValue("entry");
    awaitText("#people-count", "1 of 1 person shown.");
    new Select(browser.find("#filter-domain")).selectByValue("5");
    awaitText("#people-count", "0 of 1 person shown.");
    new Select(browser.find("#filter-domain")).selectByValue("");
    new Select(browser.find("#filter-stage")).selectByValue("");
    awaitText("#people-count", "1 of 1 person shown.");
    assertAccessible();
    browser.screenshot(SCREENSHOTS.resolve("employer-people.png"), 1200);

    String before = browser.ready();
    browser.find("#people-table a[href='#/people/" + hub.samId + "']").click();
    browser.awaitView("person", before);
    assertThat(browser.find("#main h1").getText()).isEqualTo("Passport of Sam Support");
    assertThat(browser.find("#staff-number").getText()).isEqualTo(SeededHub.SAM_STAFF_NUMBER);
    assertGrid();
    expandFolds();
    assertThat(browser.find("#gap-list").getText()).contains("3.2", "5.4", "8.2").doesNotContain("5.6 Infection");
    // Suggested learning from the catalogue for the gap: Westway's course aligned to 3.2.
    assertThat(awaitElement("#gap-list li[data-gap='3.2'] a.course-link").getAttribute("href"))
        .isEqualTo(hub.courseUrl("privacy-and-dignity"));
    assertThat(browser.find("#gap-list li[data-gap='3.2']").getText()).contains("Learn with: a course from Westway Skills Academy");
    browser.screenshot(SCREENSHOTS.resolve("employer-passport.png"), 2200);
  }

  @Test
  @Order(4)
  @DisplayName("an employer without a relationship sees nothing about that person: not in its list, not by id")
  void employerWithoutRelationshipSeesNothing() {
    signInAsOrganisation(hub.southgate);
    assertThat(browser.mainText()).contains("You have no current relationships");
    assertThat(browser.all("#people-table")).isEmpty();
    assertThat(browser.pageSource()).doesNotContain(hub.samId).doesNotContain(hub.rileyId);

    browser.go("#/people/" + hub.samId, "person");
    assertThat(browser.mainText()).contains("There is no passport with that id that your organisation can see");
    String page = browser.pageSource();
    assertThat(page).doesNotContain(hub.samId).doesNotContain("Northfield").doesNotContain("Westway")
        .doesNotContain("data-status").doesNotContain("passport-grid");
    assertThat(browser.all("#passport-grid, #passport-summary, #gap-list")).isEmpty();
    browser.screenshot(SCREENSHOTS.resolve("employer-no-relationship.png"), 900);

    browser.go("#/people/" + hub.rileyId, "person");
    assertThat(browser.pageSource()).doesNotContain(hub.rileyId).doesNotContain("data-status");
    // what the browser was sent: only 404s for the passport, nothing about the person
    HttpResponse<Buffer> direct = hub.http.get(hub.hub.mapperPort(), "localhost", "/passports/" + hub.samId)
        .basicAuthentication(hub.southgate.key(), hub.southgate.secret()).send().await();
    assertThat(direct.statusCode()).isEqualTo(404);
    assertThat(direct.bodyAsString()).doesNotContain(hub.samId);
  }

  @Test
  @Order(5)
  @DisplayName("employer subscriptions: delivery status, failed deliveries listed, and one sent again")
  void subscriptionsWithReplay() throws InterruptedException {
    JsonArray failed = awaitFailedDeliveries();
    signInAsOrganisation(hub.northfield);
    String before = browser.ready();
    browser.find("#nav a[href='#/subscriptions']").click();
    browser.awaitView("subscriptions", before);
    assertThat(browser.find("[data-subscription='" + hub.subscriptionId + "'] h2").getText()).isEqualTo("Staff passport updates");
    assertThat(browser.all(".failed-table tbody tr")).hasSizeGreaterThanOrEqualTo(failed.size());
    assertThat(browser.find(".deliveries-table").getText()).contains("Failed: gave up retrying");
    assertAccessible();
    browser.screenshot(SCREENSHOTS.resolve("employer-subscriptions.png"), 1600);

    hub.receiverStatus.set(200);
    long deliveryId = failed.getJsonObject(0).getLong("deliveryId");
    before = browser.ready();
    browser.find(".failed-table tr[data-delivery='" + deliveryId + "'] button.replay").click();
    browser.awaitView("subscriptions", before);
    assertThat(browser.mainText()).contains("Delivery queued again (1 replayed).");
    boolean delivered = Eventually.await("the replayed delivery " + deliveryId + " to reach the receiver",
        Eventually.DEFAULT_TIMEOUT, Duration.ofMillis(200),
        () -> hub.as(hub.northfield, "GET", "/subscriptions/" + hub.subscriptionId + "/deliveries?limit=500", null, 200)
            .getJsonArray("deliveries").stream().map(JsonObject.class::cast)
            .anyMatch(d -> d.getLong("deliveryId") == deliveryId && "delivered".equals(d.getString("status"))),
        Boolean::booleanValue);
    assertThat(delivered).as("the replayed delivery reached the receiver").isTrue();
    before = browser.ready();
    browser.driver.navigate().refresh();
    browser.awaitView("subscriptions", before);
    assertThat(browser.find(".deliveries-table tr[data-delivery='" + deliveryId + "']").getAttribute("data-status"))
        .isEqualTo("delivered");
  }

  @Test
  @Order(6)
  @DisplayName("support worker: signs in with a link, sees the grid, the gap, who looked, and gives and withdraws access")
  void supportWorkerPassport() {
    signInWithLink();
    // Led by action: the name, then what has expired and what is due, each named by its training.
    assertThat(browser.find("#person-name").getText()).isEqualTo("Sam Support");
    assertThat(browser.find("#who").getText()).isEqualTo("Signed in as Sam Support");
    // One item per training to book: health and safety ended, standing for 5.4 and 8.2 together; each with where to renew.
    List<WebElement> actions = browser.all("#action-list li");
    assertThat(actions).hasSize(2);
    assertThat(actions.get(0).getText()).contains("Expired", "Health, Safety and Welfare", "ended", "5.4", "8.2",
        "Renew with: a course from Northfield Community Trust");
    assertThat(actions.get(0).findElement(org.openqa.selenium.By.cssSelector("a.course-link")).getAttribute("href"))
        .isEqualTo(hub.courseUrl("health-safety-welfare"));
    assertThat(actions.get(1).getText()).contains("Expiring", "Fire Safety", "due", "5.1");
    // Progress counted in competencies, per stage and per domain, shown without expanding anything.
    assertThat(browser.all("#progress-table > thead th")).extracting(WebElement::getText)
        .containsExactly("Domain", "Support worker", "Senior support worker", "Assistant practitioner");
    assertThat(browser.find("#progress-stages th").getText()).isEqualTo("All 55 competencies");
    assertThat(browser.find("#progress-stages td[data-stage='entry']").getText()).isEqualTo("52 of 55");
    assertThat(browser.find("#progress-table tr[data-domain='5'] td[data-stage='entry']").getText()).isEqualTo("10 of 11");
    assertThat(browser.find("#progress-table tr[data-domain='4'] td[data-stage='intermediate']").getText()).isEqualTo("3 of 4");
    assertGrid();
    expandFolds();
    assertThat(browser.find("#progress-table tr.total td[data-stage='entry']").getText()).isEqualTo("52 of 55");
    assertThat(browser.find("#overall-stage").getText()).isEqualTo("No stage yet");
    assertThat(browser.find("#gap-list").getText()).contains("3 of 55 competencies are still needed for Support worker",
        "3.2", "5.4", "8.2", "Held now, but expiring within 30 days", "5.1");
    // Suggested learning for the gap, from the catalogue: Westway's course aligned to 3.2.
    assertThat(awaitElement("#gap-list li[data-gap='3.2'] a.course-link").getAttribute("href"))
        .isEqualTo(hub.courseUrl("privacy-and-dignity"));
    assertThat(browser.find("#gap-list li[data-gap='3.2']").getText()).contains("Learn with: a course from Westway Skills Academy");
    WebElement cell = browser.find("td[data-competency='5.6'][data-stage='entry']");
    cell.findElement(org.openqa.selenium.By.tagName("summary")).click();
    assertThat(cell.getText()).contains("Learning from Northfield Community Trust", "explicit-alignment",
        "Northfield support worker induction");
    // Learning that credits nothing, folded behind one line, and assessed practice told apart from learning.
    assertThat(browser.find("#learning-details summary").getText()).isEqualTo("2 other records: 1 learning, 1 assessment");
    assertThat(browser.find("#learning-list").getText()).contains("Falls prevention talk", "Attended",
        "Hoist transfers - assessment in practice", "Assessed in practice by an assessor", "Not yet competent")
        .doesNotContain("200145");
    assertThat(browser.find("#audit-table").getText()).contains("Northfield Community Trust", "Read your passport");
    // Why an organisation sees the passport, and which identifiers feed it (an e-mail only as its hash).
    assertThat(browser.find("#access-table").getText()).contains("Northfield Community Trust", "They employ you");
    assertThat(browser.find("#identifier-list").getText()).contains("E-mail address (hashed)");
    assertThat(browser.pageSource()).doesNotContain("sam.support@").doesNotContain(hub.samToken);
    assertOnlyOwnOrigin();
    assertAccessible();
    browser.screenshot(SCREENSHOTS.resolve("support-worker-passport.png"), 2600);

    // Southgate has no relationship with Sam, so it is not in Sam's list of organisations: Sam shares by a
    // code, which Southgate redeems.
    assertThat(browser.find("#grant-organisation").getText()).doesNotContain("Southgate Hospitals");
    hub.as(hub.southgate, "GET", "/passports/" + hub.samId, null, 404);
    browser.find("#share-code-form button[type='submit']").click();
    String code = new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(30))
        .until(d -> d.findElements(org.openqa.selenium.By.id("share-code")).isEmpty() ? null
            : d.findElement(org.openqa.selenium.By.id("share-code")).getText());
    assertThat(code).matches("[0-9A-Z]{4}(-[0-9A-Z]{4}){3}");
    hub.as(hub.southgate, "POST", "/share-codes/redeem", new JsonObject().put("code", code), 201);
    hub.as(hub.southgate, "GET", "/passports/" + hub.samId, null, 200);
    browser.go("#/me", "me");
    expandFolds();
    assertThat(browser.find("#access-table").getText()).contains("Southgate Hospitals", "You gave them access");
    assertThat(browser.find("#audit-table").getText()).contains("You created a share code", "Used your share code");
    WebElement sharing = browser.find("section[aria-labelledby='access-heading']");
    browser.js("arguments[0].scrollIntoView()", sharing);
    writePng("support-worker-sharing.png", sharing.getScreenshotAs(OutputType.BYTES));

    String before = browser.ready();
    browser.find("#access-table tr[data-grant] button.danger").click();
    browser.awaitView("me", before);
    expandFolds();
    assertThat(browser.mainText()).contains("Access for Southgate Hospitals withdrawn.");
    assertThat(browser.find("#access-table").getText()).doesNotContain("Southgate Hospitals")
        .contains("Northfield Community Trust");
    hub.as(hub.southgate, "GET", "/passports/" + hub.samId, null, 404);
  }

  @Test
  @Order(7)
  @DisplayName("verifier: a credential pasted or uploaded is valid; a tampered one is not, and the page says why")
  void verifier() throws Exception {
    JsonObject credentials = hub.asLearner("/me/credentials");
    String jwt = credentials.getJsonArray("credentials").getJsonObject(0).getString("jwt");
    browser.go("#/verify", "verify");
    browser.find("#credential-text").sendKeys(jwt);
    browser.find("#verify-form button[type='submit']").click();
    WebElement outcome = awaitElement("#verify-outcome");
    assertThat(outcome.getAttribute("data-verified")).isEqualTo("true");
    assertThat(outcome.getText()).startsWith("Valid").contains("Issued by");
    // In words: the competency by number and title and the stage by name, with the dates.
    JsonObject first = credentials.getJsonArray("credentials").getJsonObject(0);
    assertThat(outcome.getText()).contains(first.getString("competency") + " " + first.getString("competencyTitle"),
        first.getString("stageTitle"), "Valid from", "Valid until");
    assertAccessible();
    browser.screenshot(SCREENSHOTS.resolve("verifier-valid.png"), 1200);

    String[] parts = jwt.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
    Path file = Files.createTempFile("credential-", ".jwt");
    Files.writeString(file, tampered);
    browser.go("#/verify", "verify");
    browser.find("#credential-file").sendKeys(file.toString());
    new WebDriverWait(browser.driver, Duration.ofSeconds(10))
        .until(d -> tampered.equals(browser.find("#credential-text").getAttribute("value")));
    browser.find("#verify-form button[type='submit']").click();
    outcome = awaitElement("#verify-outcome");
    assertThat(outcome.getAttribute("data-verified")).isEqualTo("false");
    assertThat(outcome.getAttribute("data-reason")).isEqualTo("signature-invalid");
    assertThat(outcome.getText()).startsWith("Not valid").contains("The signature does not match");
    browser.screenshot(SCREENSHOTS.resolve("verifier-invalid.png"), 1200);
  }

  @Test
  @Order(8)
  @DisplayName("works 320 px wide: no sideways scrolling on the passport, the framework or the people list")
  void narrowScreen() {
    try {
      browser.viewport(320, 720);
      signInWithLink();
      assertNoSidewaysScroll();
      browser.screenshot(SCREENSHOTS.resolve("support-worker-passport-320px.png"), 2400);
      browser.go("#/framework", "framework");
      assertNoSidewaysScroll();
      signInAsOrganisation(hub.northfield);
      assertNoSidewaysScroll();
    } finally {
      browser.viewport(0, 0);
    }
  }

  @Test
  @Order(9)
  @DisplayName("keyboard only: skip link first, then sign in with the link's token and reach the passport")
  void keyboardOnly() {
    browser.clearSession();
    browser.go("#/sign-in", "sign-in");
    browser.driver.navigate().refresh();
    browser.awaitView("sign-in", "");
    keys(Keys.TAB);
    assertThat(activeId()).isEqualTo("skip-link");
    keys(Keys.ENTER);
    assertThat(activeId()).isEqualTo("main");
    for (int i = 0; i < 40 && !"learner-token".equals(activeId()); i++) {
      keys(Keys.TAB);
    }
    assertThat(activeId()).isEqualTo("learner-token");
    String before = browser.ready();
    keys(hub.samToken, Keys.ENTER);
    browser.awaitView("me", before);
    assertThat(browser.find("#main h1").getText()).isEqualTo("Your passport");
    assertThat(activeId()).as("focus moves to the new view's heading").isEmpty();
    assertThat(String.valueOf(browser.js("return document.activeElement.tagName"))).isEqualTo("H1");
  }

  @Test
  @Order(10)
  @DisplayName("keyboard only: every journey (learner, employer, verifier) with Tab, Shift+Tab, Enter and Space; focus always "
      + "visible, nothing unreachable")
  void keyboardJourneys() throws Exception {
    // The support worker signs in, follows what needs doing, opens a domain and a cell, the gap and its courses.
    browser.clearSession();
    browser.go("#/sign-in", "sign-in");
    tabUntil("#learner-token");
    String before = browser.ready();
    keys(hub.samToken, Keys.ENTER);
    browser.awaitView("me", before);
    assertThat(activeTag()).as("focus moves to the passport's heading").isEqualTo("H1");
    keys(Keys.TAB);
    assertThat(activeHref()).as("the first stop after the heading: where to renew what has expired")
        .isEqualTo(hub.courseUrl("health-safety-welfare"));
    tabUntil("#grid-toggle-1");
    keys(Keys.ENTER);
    assertThat(browser.find("#grid-toggle-1").getAttribute("aria-expanded")).isEqualTo("true");
    assertThat(browser.find("#grid-row-1").isDisplayed()).isTrue();
    keys(Keys.TAB);
    assertThat(browser.js("return document.activeElement.matches('#grid-domain-1 td[data-stage=\"entry\"] summary')"))
        .as("the next stop is the first cell of the opened domain").isEqualTo(true);
    keys(Keys.SPACE);
    assertThat(browser.js("return document.activeElement.parentElement.open")).isEqualTo(true);
    shiftTab();
    assertThat(activeId()).isEqualTo("grid-toggle-1");
    keys(Keys.ENTER);
    assertThat(browser.find("#grid-row-1").isDisplayed()).as("Enter folds the domain again").isFalse();
    tabUntil("#gap-details > summary");
    keys(Keys.ENTER);
    awaitElement("#gap-list li[data-gap='3.2'] a.course-link");
    tabUntil("#gap-list li[data-gap='3.2'] a.course-link");
    assertThat(activeHref()).isEqualTo(hub.courseUrl("privacy-and-dignity"));
    tabThroughEverything("the learner's passport");

    // Following a renewal link opens the course's page; Back returns to the passport.
    tabUntil("#action-list a.course-link");
    keys(Keys.ENTER);
    new WebDriverWait(browser.driver, Duration.ofSeconds(15))
        .until(d -> hub.courseUrl("health-safety-welfare").equals(d.getCurrentUrl()));
    assertThat(browser.driver.getTitle()).isEqualTo("Course /courses/health-safety-welfare");
    browser.driver.navigate().back();
    browser.awaitView("me", "");

    // The employer signs in, opens a person's passport from its list, a domain, and the gap.
    browser.clearSession();
    browser.go("#/sign-in", "sign-in");
    tabUntil("#org-key");
    keys(hub.northfield.key(), Keys.TAB);
    assertThat(activeId()).isEqualTo("org-secret");
    before = browser.ready();
    keys(hub.northfield.secret(), Keys.ENTER);
    browser.awaitView("people", before);
    assertThat(activeTag()).isEqualTo("H1");
    tabThroughEverything("the employer's people");
    tabUntil("#people-table a[href='#/people/" + hub.samId + "']");
    before = browser.ready();
    keys(Keys.ENTER);
    browser.awaitView("person", before);
    assertThat(activeTag()).isEqualTo("H1");
    keys(Keys.TAB);
    assertThat(browser.js("return document.activeElement.getAttribute('href')")).isEqualTo("#/people");
    tabUntil("#grid-toggle-5");
    keys(Keys.SPACE);
    assertThat(browser.find("#grid-row-5").isDisplayed()).isTrue();
    tabUntil("#gap-details > summary");
    keys(Keys.SPACE);
    awaitElement("#gap-list li[data-gap='3.2'] a.course-link");
    tabThroughEverything("the employer's view of a passport");

    // Anyone verifies a credential: paste, Tab to the button, Enter; focus moves to the outcome.
    String jwt = hub.asLearner("/me/credentials").getJsonArray("credentials").getJsonObject(0).getString("jwt");
    browser.go("#/verify", "verify");
    tabUntil("#credential-text");
    keys(jwt);
    tabUntil("#verify-form button[type='submit']");
    keys(Keys.ENTER);
    awaitElement("#verify-outcome");
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> "verify-outcome".equals(activeId()));
    assertThat(browser.find("#verify-outcome").getAttribute("data-verified")).isEqualTo("true");
    tabThroughEverything("the verifier");
  }

  @Test
  @Order(30)
  @DisplayName("every view at 1280 and 360 px: axe-core finds no violations, no sideways scrolling at 360 px, and each is photographed")
  void everyViewAtBothWidths() throws Exception {
    StringBuilder heights = new StringBuilder();
    for (int width : new int[] {1280, 360}) {
      String suffix = width == 1280 ? "" : "-360px";
      try {
        browser.viewport(width, width == 1280 ? 900 : 740);
        browser.clearSession();
        browser.go("#/framework", "framework");
        if (width == 1280) {
          // The check itself works: an image without a text alternative is reported.
          browser.js("const i = document.createElement('img'); i.id = 'axe-probe'; i.src = 'data:,';"
              + "document.getElementById('main').append(i);");
          assertThat(Axe.violations(browser)).anyMatch(v -> v.startsWith("image-alt"));
          browser.js("document.getElementById('axe-probe').remove();");
        }
        assertAxeClean("framework at " + width);
        browser.screenshot(SCREENSHOTS.resolve("view-framework" + suffix + ".png"), 2400);
        browser.go("#/verify", "verify");
        assertAxeClean("verify at " + width);
        browser.screenshot(SCREENSHOTS.resolve("view-verify" + suffix + ".png"), 1600);
        browser.go("#/sign-in", "sign-in");
        assertAxeClean("sign-in at " + width);
        browser.screenshot(SCREENSHOTS.resolve("view-sign-in" + suffix + ".png"), 1600);

        signInWithLink();
        assertAxeClean("learner passport at " + width);
        long height = pageHeight();
        heights.append("learner passport at ").append(width).append(" px: ").append(height).append(" px\n");
        if (width == 360) {
          assertThat(height).as("the learner passport's first view at 360 px, nothing expanded (3 screens of %d px)",
              PHONE_SCREEN).isLessThanOrEqualTo(LEARNER_FIRST_VIEW_MAX_AT_360);
        }
        browser.screenshot(SCREENSHOTS.resolve("view-learner-passport" + suffix + ".png"), 3000);
        if (width == 360) {
          assertNoSidewaysScroll();
        }

        signInAsOrganisation(hub.northfield);
        assertAxeClean("employer people at " + width);
        heights.append("employer people at ").append(width).append(" px: ").append(pageHeight()).append(" px\n");
        browser.screenshot(SCREENSHOTS.resolve("view-employer-people" + suffix + ".png"), 2400);
        if (width == 360) {
          assertNoSidewaysScroll();
        }
        browser.go("#/people/" + hub.samId, "person");
        assertAxeClean("employer's view of a passport at " + width);
        heights.append("employer's view of a passport at ").append(width).append(" px: ").append(pageHeight())
            .append(" px\n");
        browser.screenshot(SCREENSHOTS.resolve("view-employer-passport" + suffix + ".png"), 3000);
        browser.go("#/subscriptions", "subscriptions");
        assertAxeClean("subscriptions at " + width);
        browser.screenshot(SCREENSHOTS.resolve("view-employer-subscriptions" + suffix + ".png"), 2400);
      } finally {
        browser.viewport(0, 0);
      }
    }
    Files.createDirectories(SCREENSHOTS);
    Files.writeString(SCREENSHOTS.resolve("page-heights.txt"), heights.toString());
    System.out.println("page heights (axe-core " + Axe.version(browser) + "):\n" + heights);
  }

  /** The height of the whole page in CSS pixels, nothing expanded. */
  private static long pageHeight() {
    return ((Number) browser.js("return document.documentElement.scrollHeight;")).longValue();
  }

  private static void assertAxeClean(String where) {
    assertThat(Axe.violations(browser)).as("axe-core violations on " + where).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  @Test
  @Order(20)
  @DisplayName("support worker: joins the e-learning platform's record of them with its claim code, sees it listed, and separates it again")
  void claimAnotherRecord() throws Exception {
    String code = hub.platformClaimCodeForSam();
    signInWithLink();
    assertThat(status("3.2", "entry")).isNotEqualTo("held");
    expandFolds();
    browser.find("#claim-code").sendKeys(code);
    String before = browser.ready();
    browser.find("#claim-form button[type='submit']").click();
    browser.awaitView("me", before);
    expandFolds();
    assertThat(browser.mainText()).contains("The record was joined to your passport.");
    assertThat(status("3.2", "entry")).isEqualTo("held");
    assertThat(browser.find("#merge-list").getText()).contains("by you, with a code");
    assertAccessible();

    before = browser.ready();
    browser.find("#merge-list button").click();
    browser.awaitView("me", before);
    expandFolds();
    assertThat(browser.mainText()).contains("The record was separated from your passport.");
    assertThat(browser.all("#merge-list")).isEmpty();
    assertThat(status("3.2", "entry")).isNotEqualTo("held");
    assertThat(browser.find("#audit-table").getText()).contains("Joined another record to your passport",
        "Separated a record from your passport again");
  }

  @Test
  @Order(21)
  @DisplayName("support worker: asks for their data to be erased from the page; the request waits for the operator")
  void asksForErasure() {
    signInWithLink();
    browser.find("#your-data-details summary").click();
    assertThat(browser.find("#export-data").getText()).contains("Download all my data");
    browser.find("#erasure-confirm").click();
    browser.find("#erasure-form button[type='submit']").click();
    awaitText("#erasure-form", "Your request was sent to the hub operator");
    assertAccessible();
    JsonArray requested = hub.admin("GET", "/erasures?status=requested", null, 200).getJsonArray("erasures");
    assertThat(requested.stream().map(e -> ((JsonObject) e).getString("personId"))).contains(hub.samId);
  }

  private static void signInAsOrganisation(SeededHub.Org org) {
    browser.clearSession();
    browser.go("#/sign-in", "sign-in");
    browser.find("#org-key").sendKeys(org.key());
    browser.find("#org-secret").sendKeys(org.secret());
    String before = browser.ready();
    browser.find("#organisation-sign-in button[type='submit']").click();
    browser.awaitView("people", before);
    assertThat(browser.find("#who").getText()).contains(org.key());
  }

  private static void signInWithLink() {
    browser.clearSession();
    String before = browser.ready();
    browser.driver.get(hub.baseUrl() + "/app/#token=" + hub.samToken);
    browser.awaitView("me", before);
    assertThat(browser.driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain(hub.samToken);
  }

  /** 8 domains down, 3 stages across, each cell with its status in words; Sam's seeded statuses. */
  private static void assertGrid() {
    // The grid is folded by domain: each domain a row of the progress table whose button unfolds its own table
    // beneath it; opened to read the cells.
    assertThat(browser.all("#passport-grid tr.grid-domain")).hasSize(8);
    assertThat(browser.all("#passport-grid tr.grid-domain")).noneMatch(WebElement::isDisplayed);
    assertThat(browser.all("#passport-grid button.domain-toggle[aria-expanded='false']")).hasSize(8);
    browser.js("document.querySelectorAll('#passport-grid button.domain-toggle').forEach(b => b.click());");
    assertThat(browser.all("#passport-grid tr.grid-domain")).allMatch(WebElement::isDisplayed);
    assertThat(browser.all("#passport-grid table.passport-grid tbody")).hasSize(8);
    assertThat(browser.all("#grid-domain-1 thead th")).extracting(WebElement::getText)
        .containsExactly("Competency", "Support worker", "Senior support worker", "Assistant practitioner");
    assertThat(browser.all("#passport-grid td[data-status]")).hasSize(55 * 3);
    assertThat(status("5.6", "entry")).isEqualTo("held");
    assertThat(status("5.6", "intermediate")).isEqualTo("held");
    assertThat(status("3.2", "entry")).isEqualTo("missing");
    assertThat(status("5.1", "entry")).isEqualTo("expiring");
    assertThat(status("8.2", "entry")).isEqualTo("expired");
    assertThat(status("1.1", "assistant-practitioner")).isEqualTo("missing");
    assertThat(browser.find("td[data-competency='8.2'][data-stage='entry']").getText()).contains("Expired", "Expired ");
    assertThat(browser.find("td[data-competency='5.1'][data-stage='entry']").getText()).contains("Expiring", "Valid until");
    assertThat(browser.find("#grid-domain-4").getText()).contains("Attained: Support worker");
  }

  /** Opens the page's folded sections (not the evidence in the grid's cells), as a reader would to use them. */
  private static void expandFolds() {
    browser.js("for (const d of document.querySelectorAll('#main details')) if (!d.closest('td')) d.open = true;");
  }

  private static String status(String competency, String stage) {
    return browser.find("td[data-competency='" + competency + "'][data-stage='" + stage + "']").getAttribute("data-status");
  }

  /** The dead-lettered deliveries of the subscription, and how many requests the receiver had by then. */
  private record DeadLetters(JsonArray failed, int received) {}

  private static JsonArray awaitFailedDeliveries() throws InterruptedException {
    return Eventually.await("a delivery to the failing receiver to be dead-lettered", Duration.ofSeconds(60),
        Duration.ofMillis(250),
        () -> new DeadLetters(hub.as(hub.northfield, "GET", "/subscriptions/" + hub.subscriptionId + "/failed", null, 200)
            .getJsonArray("failed"), hub.received.get()),
        dead -> !dead.failed().isEmpty()).failed();
  }

  private static void awaitText(String css, String text) {
    new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> browser.find(css).getText().contains(text));
  }

  private static WebElement awaitElement(String css) {
    return new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> {
      List<WebElement> found = browser.all(css);
      return found.isEmpty() ? null : found.get(0);
    });
  }

  private static void keys(CharSequence... keys) {
    new Actions(browser.driver).sendKeys(keys).perform();
  }

  private static void shiftTab() {
    new Actions(browser.driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
  }

  private static String activeTag() {
    return String.valueOf(browser.js("return document.activeElement ? document.activeElement.tagName : ''"));
  }

  private static String activeHref() {
    return String.valueOf(browser.js("return document.activeElement ? document.activeElement.href : ''"));
  }

  /** Presses Tab until the focused element matches {@code css}; fails when it never does. */
  private static void tabUntil(String css) {
    for (int i = 0; i < MAX_TAB_STOPS; i++) {
      if (Boolean.TRUE.equals(browser.js("return !!document.activeElement && document.activeElement.matches(arguments[0])", css))) {
        return;
      }
      keys(Keys.TAB);
    }
    throw new AssertionError("Tab never reached " + css);
  }

  /**
   * Tabs through the whole page from the skip link round to it again, opening each folded section on the way with
   * Enter, as a keyboard user would: every stop shows a focus indicator, and every control on the page that can be
   * seen is one of the stops (nothing reachable only with a mouse).
   */
  private static void tabThroughEverything(String where) {
    browser.js("window.__stops = 0; document.querySelectorAll('[data-tab-stop]').forEach(e => e.removeAttribute('data-tab-stop'));");
    List<String> noIndicator = new java.util.ArrayList<>();
    boolean started = false;
    for (int i = 0; i < 2 * MAX_TAB_STOPS; i++) {
      keys(Keys.TAB);
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> stop = (java.util.Map<String, Object>) browser.js(String.join("\n",
          "const e = document.activeElement;",
          "if (!e || e === document.body || e === document.documentElement) return null;",
          "if (!e.hasAttribute('data-tab-stop')) e.setAttribute('data-tab-stop', String(++window.__stops));",
          "const s = getComputedStyle(e);",
          "return { skip: e.id === 'skip-link',",
          "  fold: e.tagName === 'SUMMARY' && !e.parentElement.open && !e.closest('td'),",
          "  indicator: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',",
          "  what: e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || e.value || '').trim().slice(0, 40) };"));
      if (stop == null) {
        continue;
      }
      if (Boolean.TRUE.equals(stop.get("skip"))) {
        if (started) {
          break;
        }
        started = true;
        browser.js("window.__stops = 0; document.querySelectorAll('[data-tab-stop]').forEach(e => e.removeAttribute('data-tab-stop'));"
            + "document.activeElement.setAttribute('data-tab-stop', '0');");
      }
      if (!started) {
        continue;
      }
      if (!Boolean.TRUE.equals(stop.get("indicator"))) {
        noIndicator.add(String.valueOf(stop.get("what")));
      }
      if (Boolean.TRUE.equals(stop.get("fold"))) {
        keys(Keys.ENTER);
      }
    }
    assertThat(started).as("Tab reaches the skip link on " + where).isTrue();
    assertThat(noIndicator).as("focused without a visible focus indicator on " + where).isEmpty();
    Object unreachable = browser.js(String.join("\n",
        "return [...document.querySelectorAll('a[href], button, summary, input, select, textarea, [tabindex]')]",
        "  .filter(e => !e.disabled && e.type !== 'hidden' && e.getAttribute('tabindex') !== '-1')",
        "  .filter(e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')",
        "  .filter(e => !e.hasAttribute('data-tab-stop'))",
        "  .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 40));"));
    assertThat((List<?>) unreachable).as("controls Tab never reaches on " + where).isEmpty();
    assertAxeClean(where + ", every section opened");
  }

  private static String activeId() {
    return String.valueOf(browser.js("return document.activeElement ? document.activeElement.id : ''"));
  }

  private static void assertNoSidewaysScroll() {
    Object widths = browser.js("return [document.documentElement.scrollWidth, window.innerWidth]");
    List<?> pair = (List<?>) widths;
    assertThat(((Number) pair.get(0)).intValue()).as("page width at 320 px").isLessThanOrEqualTo(((Number) pair.get(1)).intValue());
  }

  /** Everything the page loaded came from the hub itself. */
  private static void assertOnlyOwnOrigin() {
    Object foreign = browser.js("return performance.getEntriesByType('resource').map(e => e.name)"
        + ".filter(n => !n.startsWith(location.origin) && !n.startsWith('data:') && !n.startsWith('blob:'))");
    assertThat((List<?>) foreign).isEmpty();
  }

  /**
   * Every form control has a label, ids are unique, and text on the page meets WCAG AA contrast
   * (4.5:1) against its background.
   */
  private static void assertAccessible() {
    Object problems = browser.js(String.join("\n",
        "const problems = [];",
        "for (const c of document.querySelectorAll('input, select, textarea')) {",
        "  if (c.type === 'hidden') continue;",
        "  if (!(c.labels && c.labels.length) && !c.getAttribute('aria-label')) problems.push('unlabelled ' + (c.id || c.name));",
        "}",
        "const ids = [...document.querySelectorAll('[id]')].map(e => e.id);",
        "ids.filter((id, i) => ids.indexOf(id) !== i).forEach(id => problems.push('duplicate id ' + id));",
        "const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);",
        "const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };",
        "  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };",
        "const background = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);",
        "  if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3); } return [255, 255, 255]; };",
        "for (const e of document.querySelectorAll('body *')) {",
        "  if (!e.offsetParent && e.tagName !== 'BODY') continue;",
        "  const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());",
        "  if (!own) continue;",
        "  const fg = rgb(getComputedStyle(e).color).slice(0, 3), bg = background(e);",
        "  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);",
        "  const ratio = (hi + 0.05) / (lo + 0.05);",
        "  if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ' on ' + e.tagName + ' ' + e.textContent.trim().slice(0, 30));",
        "}",
        "return problems;"));
    assertThat((List<?>) problems).isEmpty();
    assertThat(Axe.violations(browser)).as("axe-core violations").isEmpty();
  }

  private static String normalise(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  private static void writePng(String name, byte[] png) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name), png);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * hub/target/screenshots, so an ordinary test run leaves the checkout clean; {@code -Dscreenshots.docs=true}
   * writes docs/screenshots at the repository root instead, to refresh the README's pictures.
   */
  private static Path screenshotDirectory() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.exists(here.resolve("hub").resolve("pom.xml")) ? here : here.getParent();
    return Boolean.getBoolean("screenshots.docs")
        ? root.resolve("docs").resolve("screenshots")
        : root.resolve("hub").resolve("target").resolve("screenshots");
  }
}
