package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** (c) A real browser: two windows of the page (and of the Vue page) chat with each other. */
class ChatInBrowserIT {
  /** Sent as text: it must show as text, never become an element. */
  static final String HOSTILE = "<img src=x onerror=alert(1)>";
  @TempDir static Path profile;
  static ChatFixture chat;
  static ChromeDriver driver;
  /** The blank window the driver starts with; the test windows open from it and close back to it. */
  static String home;

  @BeforeAll
  static void start() {
    chat = new ChatFixture(List.of());
    driver = Browser.start(profile);
    home = driver.getWindowHandle();
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    chat.close();
  }

  static WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  /** Opens {@code path} in a new window and waits until its status says connected; returns the window handle. */
  static String open(String path, String statusCss) {
    driver.switchTo().newWindow(WindowType.WINDOW);
    driver.get(chat.http(path));
    waiting().until(d -> d.findElement(By.cssSelector(statusCss)).getText().equals("connected"));
    return driver.getWindowHandle();
  }

  static List<String> lines(WebDriver d) {
    return d.findElements(By.cssSelector(".log li")).stream().map(e -> e.getText()).toList();
  }

  static void chatBetweenTwoWindows(String path, String statusCss, String inputCss, String name) throws Exception {
    String first = open(path, statusCss);
    String second = open(path, statusCss);
    chat.awaitConnected(2);
    driver.switchTo().window(first);
    String text = "hello from " + name + " " + HOSTILE;
    driver.findElement(By.cssSelector(inputCss)).sendKeys(text, Keys.ENTER);
    for (String window : List.of(first, second)) {
      driver.switchTo().window(window);
      waiting().until(d -> lines(d).stream().anyMatch(l -> l.endsWith(" : " + text)));
      assertThat(lines(driver)).singleElement().asString().matches("\\[[-0-9 :]{19}] 127\\.0\\.0\\.1 : .*");
      assertThat(driver.findElements(By.cssSelector(".log img"))).as("message shown as text").isEmpty();
    }
    Path shot = Browser.screenshot(driver, "chat-" + name);
    assertThat(Files.size(shot)).isPositive();
    driver.switchTo().window(first).close();
    driver.switchTo().window(second).close();
    driver.switchTo().window(home);
    chat.awaitConnected(0);
  }

  @Test
  void twoWindowsOfThePageSeeEachOthersMessages() throws Exception {
    chatBetweenTwoWindows("/", "#status", "#message", "page");
  }

  @Test
  void twoWindowsOfTheVuePageSeeEachOthersMessages() throws Exception {
    chatBetweenTwoWindows("/vue", ".status", ".composer input", "vue");
  }

  @Test
  void thePageReconnectsAfterTheServerRestarts() throws Exception {
    int port = Nginx.freePort();
    ChatOptions options = ChatOptions.defaults().withHost("127.0.0.1").withPort(port).withCookieSecret("t")
        .withWebRoot(ChatFixture.webRoot());
    ChatServer first = new ChatServer(options).start();
    driver.switchTo().newWindow(WindowType.WINDOW);
    driver.get("http://127.0.0.1:" + port + "/");
    waiting().until(d -> d.findElement(By.id("status")).getText().equals("connected"));
    first.stop();
    waiting().until(d -> d.findElement(By.id("status")).getAttribute("class").contains("disconnected"));
    ChatServer second = new ChatServer(options).start();
    try {
      new WebDriverWait(driver, Duration.ofSeconds(30))
          .until(d -> d.findElement(By.id("status")).getText().equals("connected"));
      driver.findElement(By.id("message")).sendKeys("back again", Keys.ENTER);
      waiting().until(d -> lines(d).stream().anyMatch(l -> l.endsWith(" : back again")));
    } finally {
      driver.close();
      driver.switchTo().window(home);
      second.stop();
    }
  }

  @Test
  void thePageWorksThroughNginxUnderASubPath(@TempDir Path nginxDir) throws Exception {
    try (ChatFixture proxied = new ChatFixture(List.of("127.0.0.1/32")); Nginx nginx = new Nginx(nginxDir, proxied.port())) {
      driver.switchTo().newWindow(WindowType.WINDOW);
      driver.get("http://127.0.0.1:" + nginx.port + "/chat/");
      waiting().until(d -> d.findElement(By.id("status")).getText().equals("connected"));
      driver.findElement(By.id("message")).sendKeys("through nginx", Keys.ENTER);
      waiting().until(d -> lines(d).stream().anyMatch(l -> l.endsWith(" : through nginx")));
      assertThat(lines(driver)).singleElement().asString().matches("\\[[-0-9 :]{19}] 127\\.0\\.0\\.1 : through nginx");
      Browser.screenshot(driver, "chat-through-nginx");
      driver.close();
      driver.switchTo().window(home);
    }
  }
}
