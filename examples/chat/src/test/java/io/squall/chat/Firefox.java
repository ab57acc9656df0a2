package io.squall.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Debian Firefox ESR driven through WebDriver BiDi, which Firefox serves itself on a
 * loopback port ({@code --remote-debugging-port}): no driver program, and the commands travel over
 * Squall's own WebSocket client. The profile keeps it on loopback ({@link FirefoxProfile}).
 *
 * <p>Thread rule: one test thread.
 */
final class Firefox implements Browser {
  static final String FIREFOX = "/usr/bin/firefox-esr";
  private static final Pattern LISTENING = Pattern.compile("WebDriver BiDi listening on (ws://\\S+)");

  private final ExternalProcess process;
  private final BidiConnection bidi;
  private String firstWindow;
  private String current;

  private Firefox(ExternalProcess process, BidiConnection bidi, String firstWindow) {
    this.process = process;
    this.bidi = bidi;
    this.firstWindow = firstWindow;
    this.current = firstWindow;
  }

  /** Starts Firefox; {@code acceptInsecureCerts}: take any server certificate (WebDriver's capability). */
  static Firefox start(boolean acceptInsecureCerts) {
    if (!Files.isExecutable(Path.of(FIREFOX))) {
      throw new AssertionError(FIREFOX + " is missing: apt-get install firefox-esr (./squall test installs it).");
    }
    Path profile = FirefoxProfile.create(TestPaths.freePort());
    // stderr joins stdout: Firefox names its BiDi address there.
    ExternalProcess process = ExternalProcess.start("firefox", List.of("sh", "-c",
        "MOZ_CRASHREPORTER_DISABLE=1 exec \"$@\" 2>&1", "sh", FIREFOX, "--headless", "--no-remote",
        "--profile", profile.toString(), "--remote-debugging-port", "0"));
    try {
      URI endpoint = awaitEndpoint(process);
      BidiConnection bidi = BidiConnection.open(endpoint.resolve("/session"));
      ObjectNode session = bidi.params();
      session.putObject("capabilities").putObject("alwaysMatch").put("acceptInsecureCerts", acceptInsecureCerts);
      bidi.send("session.new", session);
      JsonNode tree = bidi.send("browsingContext.getTree", bidi.params());
      Firefox firefox = new Firefox(process, bidi, tree.path("contexts").get(0).path("context").asText());
      firefox.resize(1000, 760);
      return firefox;
    } catch (RuntimeException | AssertionError e) {
      process.close();
      throw e;
    }
  }

  private static URI awaitEndpoint(ExternalProcess process) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Firefox named no WebDriver BiDi address in 60 s. " + process.logText());
      }
      Matcher m = LISTENING.matcher(process.nextLine(Duration.ofNanos(left)));
      if (m.find()) {
        return URI.create(m.group(1));
      }
    }
  }

  @Override
  public String open(String url) {
    if (firstWindow == null) {
      current = bidi.send("browsingContext.create", bidi.params().put("type", "window")).path("context").asText();
      resize(1000, 760);
    } else {
      current = firstWindow;
      firstWindow = null;
    }
    bidi.send("browsingContext.navigate", bidi.params().put("context", current).put("url", url).put("wait", "complete"));
    return current;
  }

  @Override
  public void use(String window) {
    current = window;
    bidi.send("browsingContext.activate", bidi.params().put("context", window));
  }

  @Override
  public Object js(String script, Object... args) {
    return call("function() {\n" + script + "\n}", false, BidiConnection.COMMAND_TIMEOUT, args);
  }

  @Override
  public Object jsAsync(Duration timeout, String script, Object... args) {
    String function = "function() { const args = Array.from(arguments); return new Promise(done => {"
        + " args.push(done); (function() {\n" + script + "\n}).apply(this, args); }); }";
    return call(function, true, timeout.plusSeconds(5), args);
  }

  private Object call(String function, boolean awaitPromise, Duration timeout, Object... args) {
    ObjectNode params = bidi.params().put("functionDeclaration", function).put("awaitPromise", awaitPromise);
    params.putObject("target").put("context", current);
    ArrayNode arguments = params.putArray("arguments");
    for (Object a : args) {
      arguments.add(BidiValues.local(bidi.json(), a));
    }
    params.putObject("serializationOptions").put("maxObjectDepth", 10);
    JsonNode result = bidi.send("script.callFunction", params, timeout);
    if ("exception".equals(result.path("type").asText())) {
      throw new AssertionError("The script failed in Firefox: " + result.path("exceptionDetails").path("text").asText());
    }
    return BidiValues.remote(result.path("result"));
  }

  @Override
  public void runBeforeEachPage(String source) {
    bidi.send("script.addPreloadScript", bidi.params().put("functionDeclaration", "() => {\n" + source + "\n}"));
  }

  @Override
  public void type(String elementId, CharSequence... keys) {
    js("document.getElementById(arguments[0]).focus();", elementId);
    ObjectNode params = bidi.params().put("context", current);
    ObjectNode keyboard = params.putArray("actions").addObject().put("type", "key").put("id", "keyboard");
    ArrayNode actions = keyboard.putArray("actions");
    StringBuilder held = new StringBuilder();
    for (CharSequence k : keys) {
      k.codePoints().forEach(c -> press(actions, Character.toString(c), held));
    }
    release(actions, held);
    bidi.send("input.performActions", params);
  }

  /** WebDriver's key rules: a modifier stays down until NULL (U+E000) or the end; others go down and up. */
  private static void press(ArrayNode actions, String key, StringBuilder held) {
    if (key.equals("\uE000")) {
      release(actions, held);
    } else if ("\uE008\uE009\uE00A\uE03D".contains(key)) { // shift, control, alt, meta
      actions.addObject().put("type", "keyDown").put("value", key);
      held.append(key);
    } else {
      actions.addObject().put("type", "keyDown").put("value", key);
      actions.addObject().put("type", "keyUp").put("value", key);
    }
  }

  private static void release(ArrayNode actions, StringBuilder held) {
    held.codePoints().forEach(c -> actions.addObject().put("type", "keyUp").put("value", Character.toString(c)));
    held.setLength(0);
  }

  @Override
  public void click(String elementId) {
    ObjectNode params = bidi.params().put("functionDeclaration", "(id) => document.getElementById(id)");
    params.putObject("target").put("context", current);
    params.putArray("arguments").add(BidiValues.local(bidi.json(), elementId));
    params.put("awaitPromise", false);
    JsonNode element = bidi.send("script.callFunction", params).path("result");
    if (!element.hasNonNull("sharedId")) {
      throw new AssertionError("No element #" + elementId + " to click in Firefox");
    }
    ObjectNode click = bidi.params().put("context", current);
    ObjectNode mouse = click.putArray("actions").addObject().put("type", "pointer").put("id", "mouse");
    mouse.putObject("parameters").put("pointerType", "mouse");
    ArrayNode steps = mouse.putArray("actions");
    ObjectNode move = steps.addObject().put("type", "pointerMove").put("x", 0).put("y", 0);
    move.putObject("origin").put("type", "element").putObject("element").put("sharedId", element.get("sharedId").asText());
    steps.addObject().put("type", "pointerDown").put("button", 0);
    steps.addObject().put("type", "pointerUp").put("button", 0);
    bidi.send("input.performActions", click);
  }

  @Override
  public void resize(int width, int height) {
    ObjectNode params = bidi.params().put("context", current);
    params.putObject("viewport").put("width", width).put("height", height);
    bidi.send("browsingContext.setViewport", params);
  }

  @Override
  public Path screenshot(String name) {
    String png = bidi.send("browsingContext.captureScreenshot", bidi.params().put("context", current)).path("data").asText();
    try {
      Path dir = Files.createDirectories(TestPaths.artifacts().resolve("screenshots"));
      return Files.write(dir.resolve("firefox-" + name + ".png"), Base64.getDecoder().decode(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The WebDriver BiDi connection, for commands the {@link Browser} methods do not cover. */
  BidiConnection bidi() {
    return bidi;
  }

  /** The window the methods act on (see {@link #use}). */
  String currentWindow() {
    return current;
  }

  @Override
  public String toString() {
    return "Firefox";
  }

  @Override
  public void close() {
    try {
      bidi.send("browser.close", bidi.params(), Duration.ofSeconds(10));
    } catch (AssertionError e) {
      // the socket may close before the answer arrives; the process is stopped below either way
    } finally {
      bidi.close();
      process.close();
    }
  }
}
