package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.squall.http.HttpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Error pages: what a failing handler sends, with and without debug, and a custom writeError. */
class ErrorPagesIT {
  static final String PAGE_500 =
      "<html><title>500: Internal Server Error</title><body>500: Internal Server Error</body></html>";
  static Application normal;
  static Application debug;

  /** Fails in the way its path names. */
  public static class Failing extends RequestHandler {
    @Override
    public void get() {
      switch (pathArg(0)) {
        case "crash" -> {
          write("half a page");
          throw new IllegalStateException("secret detail <b>&</b>");
        }
        case "teapot" -> throw new HttpException(418, "I'm a <teapot>");
        case "custom-code" -> throw new HttpException(599, "Network read timeout.");
        case "forbidden" -> throw new HttpException(403, "Admins only.");
        case "reason-only" -> throw new HttpException(404);
        case "after-flush" -> {
          write("partial");
          flush();
          throw new IllegalStateException("too late for a page");
        }
        default -> write("fine");
      }
    }
  }

  /** The same failures, answered as JSON by an overridden writeError. */
  public static final class JsonErrors extends Failing {
    @Override
    protected void writeError(int status, String message, Throwable cause) {
      setHeader("Content-Type", "application/json; charset=UTF-8");
      write("{\"status\":" + status + ",\"message\":\"" + message + "\",\"cause\":\""
          + (cause == null ? "none" : cause.getClass().getSimpleName()) + "\"}");
    }
  }

  private static Application start(boolean debugMode) {
    return Application.builder()
        .route("/fail/(.+)", Failing.class)
        .route("/json/(.+)", JsonErrors.class)
        .setting(Settings.DEBUG, debugMode)
        .build()
        .listen("127.0.0.1", 0);
  }

  @BeforeAll
  static void start() {
    normal = start(false);
    debug = start(true);
  }

  @AfterAll
  static void stop() {
    normal.stop();
    debug.stop();
  }

  @Test
  void uncaughtExceptionIsA500PageWithoutDetails() {
    HttpResponse<String> r = new WebClient(normal).get("/fail/crash");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
    assertThat(r.body()).isEqualTo(PAGE_500);
  }

  @Test
  void debugModeShowsTheEscapedTrace() {
    HttpResponse<String> r = new WebClient(debug).get("/fail/crash");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body())
        .startsWith("<html><title>500: Internal Server Error</title><body>500: Internal Server Error<pre>"
            + "java.lang.IllegalStateException: secret detail &lt;b&gt;&amp;&lt;/b&gt;\n\tat io.squall.web.ErrorPagesIT$Failing.get(")
        .endsWith("</pre></body></html>")
        .doesNotContain("<b>")
        .doesNotContain("half a page");
  }

  @Test
  void writtenOutputIsReplacedByThePage() {
    HttpResponse<String> r = new WebClient(normal).get("/fail/crash");
    assertThat(r.body()).doesNotContain("half a page");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(PAGE_500.length()));
  }

  @Test
  void httpExceptionKeepsItsStatusAndEscapedMessage() {
    HttpResponse<String> r = new WebClient(normal).get("/fail/teapot");
    assertThat(r.statusCode()).isEqualTo(418);
    assertThat(r.body())
        .isEqualTo("<html><title>418: Unknown</title><body>418: Unknown<p>I'm a &lt;teapot&gt;</p></body></html>");
  }

  @Test
  void unregisteredStatusIsSentAsIs() throws IOException {
    String answer = RawHttp.request(normal, "GET", "/fail/custom-code");
    assertThat(answer).startsWith("HTTP/1.1 599 Unknown\r\n");
    assertThat(RawHttp.body(answer)).contains("<p>Network read timeout.</p>");
  }

  @Test
  void messageEqualToTheReasonIsNotRepeated() {
    HttpResponse<String> r = new WebClient(normal).get("/fail/reason-only");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEqualTo("<html><title>404: Not Found</title><body>404: Not Found</body></html>");
  }

  @Test
  void httpExceptionCarriesNoTraceEvenInDebug() {
    HttpResponse<String> r = new WebClient(debug).get("/fail/forbidden");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).isEqualTo("<html><title>403: Forbidden</title><body>403: Forbidden<p>Admins only.</p></body></html>");
  }

  @Test
  void customWriteErrorIsUsedForHttpExceptions() {
    HttpResponse<String> r = new WebClient(normal).get("/json/forbidden");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
    assertThat(r.body()).isEqualTo("{\"status\":403,\"message\":\"Admins only.\",\"cause\":\"none\"}");
  }

  @Test
  void customWriteErrorIsUsedForUncaughtExceptions() {
    HttpResponse<String> r = new WebClient(normal).get("/json/crash");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"status\":500,\"message\":\"Internal Server Error\",\"cause\":\"IllegalStateException\"}");
  }

  @Test
  void customWriteErrorAnswersRoutingErrorsOfItsHandler() {
    HttpResponse<String> r = new WebClient(normal).send("DELETE", "/json/x", null);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.body()).isEqualTo("{\"status\":405,\"message\":\"Method DELETE not allowed.\",\"cause\":\"none\"}");
  }

  /** Ending the chunked body would make a truncated page look complete: the connection is dropped instead. */
  @Test
  void failureAfterFlushAbortsTheConnectionInsteadOfEndingTheBody() throws IOException {
    String answer = RawHttp.request(normal, "GET", "/fail/after-flush");
    assertThat(answer).doesNotContain("0\r\n\r\n").doesNotContain("too late");
    // The reset may overtake the bytes already queued; whatever arrived is the start of the 200.
    assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 200 OK\r\n"));
    assertThatThrownBy(() -> new WebClient(normal).get("/fail/after-flush")).isInstanceOf(UncheckedIOException.class);
  }

  /** {@code debug} is read when an error page is written: a String there must fail at build, not mid-error. */
  @Test
  void wronglyTypedDebugSettingFailsAtBuild() {
    assertThatThrownBy(() -> Application.builder().setting(Settings.DEBUG, "true").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Setting 'debug' must be a Boolean, got String.");
  }
}
