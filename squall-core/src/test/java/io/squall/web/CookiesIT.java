package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain and signed cookies through real clients: exact Set-Cookie text and round trips. */
class CookiesIT {
  static final String SECRET = "cookies-it-secret";
  static Application app;
  static WebClient http;

  /** Sets, reads and clears cookies by path. */
  public static final class Cookies extends RequestHandler {
    @Override
    public void get() {
      switch (pathArg(0)) {
        case "set-all" -> setCookie("session", "abc123", CookieOptions.defaults()
            .withPath("/app").withDomain("example.org").withMaxAge(Duration.ofHours(1))
            .withSecure(true).withHttpOnly(true).withSameSite("Strict"));
        case "set-plain" -> setCookie("theme", "dark", CookieOptions.defaults().withHttpOnly(false).withSameSite(null));
        case "set-default" -> setCookie("lang", "fr");
        case "read" -> write(getCookie("a") + " " + getCookie("b") + " " + getCookie("missing", "dflt"));
        case "clear" -> clearCookie("session");
        case "invalid" -> write(String.join("\n", invalidAttempts()));
        case "sign-in" -> setSecureCookie("user", getArgument("name"));
        case "who" -> write(String.valueOf(getSecureCookie(getArgument("cookie", "user"))));
        case "who-recent" -> write(String.valueOf(getSecureCookie("user", Duration.ofSeconds(60))));
        default -> throw new IllegalArgumentException(pathArg(0));
      }
    }

    private List<String> invalidAttempts() {
      List<String> messages = new ArrayList<>();
      for (String[] pair : new String[][] {
          {"bad name", "v"}, {"semi;colon", "v"}, {"", "v"}, {"eq=", "v"},
          {"n", "a;b"}, {"n", "a b"}, {"n", "a,b"}, {"n", "q\"uote"}, {"n", "line\r\nX: 1"}, {"n", "caf\u00e9"}}) {
        try {
          setCookie(pair[0], pair[1]);
          messages.add("accepted " + pair[0]);
        } catch (IllegalArgumentException e) {
          messages.add(e.getMessage());
        }
      }
      return messages;
    }
  }

  @BeforeAll
  static void start() {
    app = Application.builder()
        .route("/c/(.+)", Cookies.class)
        .setting(Settings.COOKIE_SECRET, SECRET)
        .build()
        .listen("127.0.0.1", 0);
    http = new WebClient(app);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void setCookieWritesEveryOptionInOrder() {
    Instant before = Instant.now();
    HttpResponse<String> r = http.get("/c/set-all");
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookies).hasSize(1);
    String cookie = cookies.getFirst();
    assertThat(cookie).matches(
        "session=abc123; Path=/app; Domain=example\\.org; Max-Age=3600; Expires=[^;]+ GMT; Secure; HttpOnly; SameSite=Strict");
    String expires = cookie.replaceAll(".*Expires=([^;]+);.*", "$1");
    Instant when = java.time.ZonedDateTime.parse(expires, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    assertThat(when).isBetween(before.plusSeconds(3599), Instant.now().plusSeconds(3601));
  }

  @Test
  void defaultOptionsArePathRootHttpOnlyLax() {
    assertThat(http.get("/c/set-default").headers().allValues("Set-Cookie"))
        .containsExactly("lang=fr; Path=/; HttpOnly; SameSite=Lax");
    assertThat(http.get("/c/set-plain").headers().allValues("Set-Cookie"))
        .containsExactly("theme=dark; Path=/");
  }

  @Test
  void getCookieReadsTheRequestCookies() {
    HttpResponse<String> r = http.get("/c/read", "Cookie", "a=1; b=\"two\"; a=ignored");
    assertThat(r.body()).isEqualTo("1 two dflt");
  }

  @Test
  void clearCookieExpiresItAtOnce() {
    String cookie = http.get("/c/clear").headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).matches("session=; Path=/; Max-Age=0; Expires=[^;]+ GMT; HttpOnly; SameSite=Lax");
  }

  @Test
  void refusesNamesAndValuesThatCouldInject() {
    HttpResponse<String> r = http.get("/c/invalid");
    assertThat(r.body()).isEqualTo("""
        Invalid cookie name 'bad name': character ' ' is not allowed.
        Invalid cookie name 'semi;colon': character ';' is not allowed.
        Cookie name must not be empty.
        Invalid cookie name 'eq=': character '=' is not allowed.
        Invalid cookie value 'a;b': character ';' is not allowed.
        Invalid cookie value 'a b': character ' ' is not allowed.
        Invalid cookie value 'a,b': character ',' is not allowed.
        Invalid cookie value 'q"uote': character '"' is not allowed.
        Invalid cookie value 'line\\x0D\\x0AX: 1': character 0x0D is not allowed.
        Invalid cookie value 'caf\\xE9': character 0xE9 is not allowed.""");
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
  }

  @Test
  void signedCookieRoundTripsThroughAClientCookieJar() {
    WebClient browser = new WebClient(app, new CookieManager());
    HttpResponse<String> signIn = browser.get("/c/sign-in?name=al%C3%AFce%20%7C%3B");
    String cookie = signIn.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).matches("user=2\\|1:0\\|10:\\d{10}\\|4:user\\|12:[A-Za-z0-9+/=]{12}\\|[0-9a-f]{64}; Path=/; "
        + "Max-Age=2678400; Expires=[^;]+ GMT; HttpOnly; SameSite=Lax");
    assertThat(browser.get("/c/who").body()).isEqualTo("al\u00efce |;");
    assertThat(http.get("/c/who").body()).isEqualTo("null");
  }

  @Test
  void tamperedSignedCookieReadsAsNull() {
    String signed = new SignedCookies(SECRET).sign("user", "alice");
    assertThat(http.get("/c/who", "Cookie", "user=" + signed).body()).isEqualTo("alice");
    String forged = signed.replace("|8:YWxpY2U=|", "|8:bWFsbG9y|");
    assertThat(http.get("/c/who", "Cookie", "user=" + forged).body()).isEqualTo("null");
    String badSignature = signed.substring(0, signed.length() - 1) + (signed.endsWith("0") ? "1" : "0");
    assertThat(http.get("/c/who", "Cookie", "user=" + badSignature).body()).isEqualTo("null");
    String otherSecret = new SignedCookies("another-secret").sign("user", "alice");
    assertThat(http.get("/c/who", "Cookie", "user=" + otherSecret).body()).isEqualTo("null");
  }

  @Test
  void valueSignedForAnotherNameReadsAsNull() {
    String signed = new SignedCookies(SECRET).sign("user", "alice");
    assertThat(http.get("/c/who?cookie=admin", "Cookie", "admin=" + signed).body()).isEqualTo("null");
  }

  @Test
  void signedCookieOlderThanMaxAgeReadsAsNull() {
    String old = new SignedCookies(SECRET).sign("user", "alice", Instant.now().minusSeconds(120));
    assertThat(http.get("/c/who", "Cookie", "user=" + old).body()).isEqualTo("alice");
    assertThat(http.get("/c/who-recent", "Cookie", "user=" + old).body()).isEqualTo("null");
    String fresh = new SignedCookies(SECRET).sign("user", "alice");
    assertThat(http.get("/c/who-recent", "Cookie", "user=" + fresh).body()).isEqualTo("alice");
  }

  @Test
  void missingCookieSecretIsA500WithTheReasonInTheLog() {
    Application bare = Application.builder().route("/c/(.+)", Cookies.class).build().listen("127.0.0.1", 0);
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    HttpResponse<String> r;
    try {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      r = new WebClient(bare).get("/c/sign-in?name=bob");
    } finally {
      System.setErr(stderr);
      bare.stop();
    }
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    assertThat(r.body()).isEqualTo(
        "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("java.lang.IllegalStateException: Set the 'cookie_secret' setting to use signed cookies.");
  }
}
