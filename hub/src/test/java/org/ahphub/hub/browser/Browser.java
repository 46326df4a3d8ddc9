package org.ahphub.hub.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver} packages) driven
 * through {@code /usr/bin/chromedriver}. Nothing is downloaded: the driver path is given explicitly,
 * so Selenium Manager never runs. A machine without the browser fails the tests with a message that
 * says how to install it; the tests are never skipped.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
  private static final String INSTALL = "apt-get update && apt-get install -y chromium chromium-driver";

  final ChromeDriver driver;
  private final String baseUrl;
  private final Path profile;

  private Browser(ChromeDriver driver, String baseUrl, Path profile) {
    this.driver = driver;
    this.baseUrl = baseUrl;
    this.profile = profile;
  }

  /** Fails (never skips) when Chromium or chromedriver is missing. */
  static void requireInstalled() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError("The browser tests need a real Chromium: " + CHROMIUM + " and " + CHROMEDRIVER
          + " must exist. Install them with: " + INSTALL + " (the CI script .ci/run does this).");
    }
  }

  static Browser open(String baseUrl) {
    requireInstalled();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    Path profile;
    try {
      profile = Files.createTempDirectory("hub-browser-profile-");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900",
        "--user-data-dir=" + profile, "--lang=en-GB", "--force-color-profile=srgb", "--hide-scrollbars");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    return new Browser(driver, baseUrl, profile);
  }

  /** Opens {@code #/…} on the web page and waits until that view has rendered. */
  void go(String hash, String view) {
    String before = ready();
    String url = baseUrl + "/app/" + hash;
    if (url.equals(driver.getCurrentUrl())) {
      driver.navigate().refresh();
      before = "";
    } else {
      driver.get(url);
    }
    awaitView(view, before);
  }

  /** Waits for the next render of {@code view} after the render numbered {@code before}. */
  void awaitView(String view, String before) {
    new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
      Object state = js("const m = document.getElementById('main');"
          + "return m ? [m.dataset.view || '', m.dataset.ready || ''] : null;");
      if (!(state instanceof List<?> pair)) {
        return false;
      }
      return view.equals(pair.get(0)) && !"".equals(pair.get(1)) && !String.valueOf(pair.get(1)).equals(before);
    });
  }

  /** Forgets the page's sign-in (sessionStorage), opening the page first if the tab is elsewhere. */
  void clearSession() {
    if (!driver.getCurrentUrl().startsWith(baseUrl)) {
      go("#/framework", "framework");
    }
    js("sessionStorage.clear()");
  }

  String ready() {
    try {
      Object value = js("const m = document.getElementById('main'); return m ? (m.dataset.ready || '') : '';");
      return value == null ? "" : value.toString();
    } catch (RuntimeException notLoaded) {
      return "";
    }
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String mainText() {
    return find("#main").getText();
  }

  /** What the page holds: its DOM as text, including what is hidden or collapsed. */
  String pageSource() {
    return String.valueOf(js("return document.documentElement.outerHTML;"));
  }

  /** Emulates a phone-sized viewport (CSS pixels); width 0 restores the window size. */
  void viewport(int width, int height) {
    if (width == 0) {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    } else {
      driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
          "deviceScaleFactor", 1, "mobile", true));
    }
  }

  /** A PNG of the page from its top, at most {@code maxHeight} CSS pixels tall. */
  void screenshot(Path file, int maxHeight) {
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    @SuppressWarnings("unchecked")
    Map<String, Object> viewport = (Map<String, Object>) metrics.get("cssLayoutViewport");
    double width = ((Number) viewport.get("clientWidth")).doubleValue();
    double height = Math.min(maxHeight, ((Number) size.get("height")).doubleValue());
    js("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur();");
    Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
        "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    } catch (IOException e) {
      throw new IllegalStateException("could not write " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary profile left behind is harmless
      }
    }
  }
}
