package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The article's own index.html — only its socket URL changed — served by our chat as its index
 * page, in a real browser. Its jQuery comes from "cdn.bootcss.com", which a loopback HTTPS server
 * answers here (the vendored jQuery 3.4.1) through Chromium's host resolver rules.
 */
class ArticlePageIT {
  @TempDir Path dir;

  @Test
  void theArticlesPageChatsWithOurServer() throws Exception {
    Path resources = Path.of(getClass().getResource("/article").toURI());
    Path web = dir.resolve("web");
    copyTree(ChatFixture.webRoot(), web);
    Files.copy(resources.resolve("index.html"), web.resolve("templates/index.html"), StandardCopyOption.REPLACE_EXISTING);
    Path cert = dir.resolve("cdn.crt");
    Path key = dir.resolve("cdn.key");
    Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
        "-subj", "/CN=cdn.bootcss.com", "-keyout", key.toString(), "-out", cert.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0).as("openssl").isTrue();
    int cdnPort = Nginx.freePort();
    Process cdn = new ProcessBuilder("/usr/bin/python3", resources.resolve("cdn_server.py").toString(),
        String.valueOf(cdnPort), cert.toString(), key.toString(), resources.resolve("cdn").toString())
        .redirectError(dir.resolve("cdn.log").toFile()).start();
    ChatServer server = new ChatServer(ChatOptions.defaults().withHost("127.0.0.1").withPort(0)
        .withCookieSecret("test").withWebRoot(web)).start();
    ChromeDriver driver = null;
    try {
      String ready = new BufferedReader(new InputStreamReader(cdn.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(ready).isEqualTo("listening " + cdnPort);
      driver = Browser.start(dir.resolve("profile"),
          "--host-resolver-rules=MAP cdn.bootcss.com 127.0.0.1:" + cdnPort, "--ignore-certificate-errors");
      String url = "http://127.0.0.1:" + server.port() + "/";
      String sender = openArticlePage(driver, url);
      driver.switchTo().newWindow(WindowType.WINDOW);
      String listener = openArticlePage(driver, url);
      for (int i = 0; i < 500 && server.connected() < 2; i++) {
        Thread.sleep(10);
      }
      assertThat(server.connected()).isEqualTo(2);
      driver.switchTo().window(sender);
      driver.findElement(By.id("message")).sendKeys("hello from 2019");
      driver.findElement(By.id("send")).click();
      for (String window : List.of(sender, listener)) {
        driver.switchTo().window(window);
        ChromeDriver d = driver;
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(x -> !received(d).isEmpty());
        assertThat(received(driver)).singleElement().asString()
            .matches("\\[[-0-9 :]{19}] 127\\.0\\.0\\.1 : hello from 2019");
      }
      Browser.screenshot(driver, "article-page");
    } finally {
      if (driver != null) {
        driver.quit();
      }
      server.stop();
      cdn.destroy();
      cdn.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Opens the page and, once its socket is open and jQuery bound the button, records what the socket receives. */
  private static String openArticlePage(ChromeDriver driver, String url) {
    driver.get(url);
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
        "return typeof ws !== 'undefined' && ws.readyState === 1 && typeof jQuery === 'function';")));
    ((JavascriptExecutor) driver).executeScript(
        "window.received = []; ws.addEventListener('message', function (e) { window.received.push(e.data); });");
    return driver.getWindowHandle();
  }

  @SuppressWarnings("unchecked")
  private static List<String> received(ChromeDriver driver) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript("return window.received;");
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
