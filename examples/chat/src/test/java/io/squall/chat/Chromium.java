package io.squall.chat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's chromedriver through Selenium, with a fresh profile
 * and every network feature that would reach outside switched off.
 *
 * <p>Thread rule: one test thread.
 */
final class Chromium implements Browser {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";

  /** Selenium warns that it has no CDP classes for this Chromium; the tests use none. Kept referenced. */
  private static final java.util.logging.Logger[] QUIET = {
      java.util.logging.Logger.getLogger("org.openqa.selenium.devtools"),
      java.util.logging.Logger.getLogger("org.openqa.selenium.chromium")};

  static {
    for (java.util.logging.Logger l : QUIET) {
      l.setLevel(java.util.logging.Level.SEVERE);
    }
  }

  private final ChromeDriver driver;
  private boolean firstWindowUsed;

  private Chromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts Chromium; {@code extraArgs} are added to the standard flags. */
  static Chromium start(String... extraArgs) {
    Path profile = TestPaths.newFolder("chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1000,760", "--user-data-dir=" + profile);
    options.addArguments(extraArgs);
    Path logs;
    try {
      logs = Files.createDirectories(TestPaths.artifacts().resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .withLogFile(logs.resolve("chromedriver-" + System.nanoTime() + ".log").toFile())
        .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
    return new Chromium(driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  @Override
  public String open(String url) {
    if (firstWindowUsed) {
      driver.switchTo().newWindow(WindowType.WINDOW);
    }
    firstWindowUsed = true;
    driver.get(url);
    return driver.getWindowHandle();
  }

  @Override
  public void use(String window) {
    driver.switchTo().window(window);
  }

  @Override
  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  @Override
  public Object jsAsync(Duration timeout, String script, Object... args) {
    driver.manage().timeouts().scriptTimeout(timeout);
    return driver.executeAsyncScript(script, args);
  }

  @Override
  public void runBeforeEachPage(String source) {
    driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
  }

  @Override
  public void type(String elementId, CharSequence... keys) {
    driver.findElement(By.id(elementId)).sendKeys(keys);
  }

  @Override
  public void click(String elementId) {
    driver.findElement(By.id(elementId)).click();
  }

  @Override
  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  @Override
  public Path screenshot(String name) {
    try {
      Path dir = Files.createDirectories(TestPaths.artifacts().resolve("screenshots"));
      Path file = dir.resolve("chromium-" + name + ".png");
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "Chromium";
  }

  @Override
  public void close() {
    driver.quit();
  }
}
