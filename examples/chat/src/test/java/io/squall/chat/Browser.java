package io.squall.chat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Debian's chromedriver through Selenium, with a fresh profile
 * and every network feature that would reach outside switched off. Knows the chat page's ids:
 * {@code #status[data-state]}, {@code #log li}, {@code #message}, {@code #send}.
 *
 * <p>Thread rule: one test thread.
 */
final class Browser implements AutoCloseable {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  static final Duration WAIT = Duration.ofSeconds(15);

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

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts Chromium; {@code extraArgs} are added to the standard flags. */
  static Browser start(String... extraArgs) {
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
    return new Browser(driver);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Opens {@code url} in a new window (the first call uses the initial one); returns its handle. */
  String open(String url) {
    if (firstWindowUsed) {
      driver.switchTo().newWindow(WindowType.WINDOW);
    }
    firstWindowUsed = true;
    driver.get(url);
    return driver.getWindowHandle();
  }

  void use(String window) {
    driver.switchTo().window(window);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void await(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, WAIT).withMessage(what).until(d -> condition.getAsBoolean());
  }

  /** Waits until the page's status badge is in {@code state}: connecting, open or closed. */
  void awaitStatus(String state) {
    await("status " + state, () -> state.equals(driver.findElement(By.id("status")).getAttribute("data-state")));
  }

  String statusText() {
    return driver.findElement(By.id("status")).getText();
  }

  /** Types {@code text} into the message box and presses Enter. */
  void sendWithEnter(String text) {
    driver.findElement(By.id("message")).sendKeys(text, Keys.ENTER);
  }

  /** Types {@code text} into the message box and clicks Send. */
  void sendWithButton(String text) {
    driver.findElement(By.id("message")).sendKeys(text);
    driver.findElement(By.id("send")).click();
  }

  /** The conversation as shown: each line's exact text (textContent, nothing trimmed). */
  List<String> lines() {
    Object lines = js("return Array.from(document.querySelectorAll('#log li')).map(li => li.textContent);");
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) lines) {
      out.add((String) o);
    }
    return out;
  }

  /** Waits until {@code count} lines are shown and returns them. */
  List<String> awaitLines(int count) {
    await(count + " lines in the conversation", () -> lines().size() >= count);
    return lines();
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves a PNG of the current window under {@code target/chat-it/screenshots/}. */
  Path screenshot(String name) {
    try {
      Path dir = Files.createDirectories(TestPaths.artifacts().resolve("screenshots"));
      Path file = dir.resolve(name + ".png");
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
