package io.squall.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A real headless browser a test drives: Debian's Chromium (through chromedriver) or Debian's
 * Firefox ESR (through WebDriver BiDi, which Firefox serves itself). Both get a fresh profile with
 * every network feature that would reach outside the machine switched off. The chat-page helpers
 * know its ids: {@code #status[data-state]}, {@code #log li}, {@code #message}, {@code #send}.
 *
 * <p>Thread rule: one test thread.
 */
interface Browser extends AutoCloseable {
  Duration WAIT = Duration.ofSeconds(15);

  /** The browsers the tests run in; each test that takes a {@code Kind} runs in both. */
  enum Kind {
    CHROMIUM, FIREFOX;

    Browser start() {
      return this == CHROMIUM ? Chromium.start() : Firefox.start(false);
    }

    /** Starts a browser that takes any server certificate, a test's self-signed one included. */
    Browser startTrustingAnyCertificate() {
      return this == CHROMIUM ? Chromium.start("--ignore-certificate-errors") : Firefox.start(true);
    }
  }

  /** Opens {@code url} in a new window (the first call uses the initial one) and waits for its load; returns the window. */
  String open(String url);

  /** Makes {@code window} (from {@link #open}) the one the other methods act on. */
  void use(String window);

  /**
   * Runs {@code script} as a function body in the current window, {@code arguments} holding
   * {@code args}, and returns what it returns: strings, booleans, {@code Long} for whole numbers,
   * {@code Double} for others, lists and maps (WebDriver's conversions).
   */
  Object js(String script, Object... args);

  /**
   * As {@link #js}, but the script's last argument is a callback: the result is what the script
   * passes to it, waited for up to {@code timeout}.
   */
  Object jsAsync(Duration timeout, String script, Object... args);

  /** Runs {@code source} in every document this browser loads from now on, before the page's own scripts. */
  void runBeforeEachPage(String source);

  /**
   * Types into the element with id {@code elementId} as a user would, key by key. WebDriver key
   * codes count ({@code Keys.ENTER}, {@code Keys.chord(Keys.SHIFT, Keys.ENTER)}).
   */
  void type(String elementId, CharSequence... keys);

  /** Clicks the element with id {@code elementId}. */
  void click(String elementId);

  /** Sets the size of the current window's page area. */
  void resize(int width, int height);

  /** Saves a PNG of the current window under {@code target/chat-it/screenshots/}, its name prefixed with the browser's. */
  Path screenshot(String name);

  /** Waits up to {@link #WAIT} for {@code condition}; fails naming {@code what}. */
  default void await(String what, BooleanSupplier condition) {
    ChatFixture.await(what + " in " + this, WAIT, condition);
  }

  /** Waits until the page's status badge is in {@code state}: connecting, open or closed. */
  default void awaitStatus(String state) {
    await("status " + state, () -> state.equals(js("var s = document.getElementById('status'); return s && s.getAttribute('data-state');")));
  }

  default String statusText() {
    return (String) js("return document.getElementById('status').innerText;");
  }

  /** Types {@code text} into the message box and presses Enter. */
  default void sendWithEnter(String text) {
    type("message", text, "\uE007");
  }

  /** Types {@code text} into the message box and clicks Send. */
  default void sendWithButton(String text) {
    type("message", text);
    click("send");
  }

  /** The conversation as shown: each line's exact text (textContent, nothing trimmed). */
  default List<String> lines() {
    Object lines = js("return Array.from(document.querySelectorAll('#log li')).map(li => li.textContent);");
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) lines) {
      out.add((String) o);
    }
    return out;
  }

  /** Waits until {@code count} lines are shown and returns them. */
  default List<String> awaitLines(int count) {
    await(count + " lines in the conversation", () -> lines().size() >= count);
    return lines();
  }

  @Override
  void close();
}
