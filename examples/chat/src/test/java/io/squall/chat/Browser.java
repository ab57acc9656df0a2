package io.squall.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Headless Debian Chromium through Debian's chromedriver, with the flags a machine without network needs. */
final class Browser {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Browser() {}

  static ChromeDriver start(Path profile, String... extraArguments) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      throw new AssertionError("Chromium is missing: install the Debian packages chromium and chromium-driver (./squall test does).");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=900,700", "--user-data-dir=" + profile.toAbsolutePath());
    options.addArguments(extraArguments);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }

  /** Saves a screenshot under target/ as a test artifact. */
  static Path screenshot(ChromeDriver driver, String name) throws Exception {
    Path out = Path.of("target", "screenshots", name + ".png");
    Files.createDirectories(out.getParent());
    Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return out;
  }
}
