package io.squall.web;

import io.squall.http.Headers;
import io.squall.http.HttpExchange;
import io.squall.http.HttpStatus;
import io.squall.http.internal.HttpChars;
import io.squall.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The answer a {@link RequestHandler} builds, Tornado's response half of its {@code
 * RequestHandler}: status and headers, a body written and then flushed or finished, redirects and
 * error pages, with the hooks that dress them ({@link #setDefaultHeaders}, {@link #writeError},
 * {@link #computeEtag}, {@link #onFinish}). Extend {@link RequestHandler}, not this class.
 *
 * <p>Thread rule: runs on the connection's event loop; never block in it.
 */
public abstract class ResponseContext extends RequestContext {
  ResponseContext() {}

  /** The handler this answer belongs to: the object itself. */
  abstract RequestHandler handler();

  /**
   * Sets the headers every answer of this handler carries, error pages included (Tornado's {@code
   * set_default_headers}): a CORS {@code Access-Control-Allow-Origin}, security headers, a custom
   * {@code Server}. Runs before {@link RequestHandler#prepare()}, and again after an error page cleared the
   * headers set for the failed answer; headers set anywhere else do not survive an error.
   */
  protected void setDefaultHeaders() {}

  /** Called once the response is finished (for logging, cleanup). */
  public void onFinish() {}

  /**
   * Sets the status of the answer, 200 to 599; codes this side does not name go out with reason
   * "Unknown", as in Tornado. A 1xx is refused: it is an interim response (RFC 9110 §15.2), so a
   * client would wait for a final one and take the next request's answer for it, or with 101
   * believe the protocol switched; an upgrade goes through {@link HttpExchange#upgrade}.
   */
  public void setStatus(int code) {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("Invalid HTTP status " + code + ": an answer's status is 200 to 599.");
    }
    response().status = code;
  }

  public int getStatus() {
    return response().status;
  }

  public void setHeader(String name, Object value) {
    responseHeaders().set(name, headerValue(value));
  }

  public void addHeader(String name, Object value) {
    responseHeaders().add(name, headerValue(value));
  }

  public void clearHeader(String name) {
    responseHeaders().remove(name);
  }

  @Override
  final Headers exchangeHeaders() {
    return responseHeaders();
  }

  /**
   * Headers to send; changing them after {@link #flush()} has no effect. Dropped once the
   * connection is upgraded; made again (empty) if asked for after that.
   */
  public Headers responseHeaders() {
    return response().headers;
  }

  /**
   * The text of a header value; {@link Headers} refuses control characters (CR, LF, NUL...) with a
   * message that escapes them, so neither the response nor a log line can be split.
   */
  private static String headerValue(Object value) {
    return String.valueOf(value);
  }

  /** Adds text to the body (UTF-8). */
  public void write(String chunk) {
    write(chunk.getBytes(StandardCharsets.UTF_8));
  }

  public void write(byte[] chunk) {
    checkNotFinished();
    ResponseState r = response();
    if (r.body == null) {
      r.body = new ByteArrayOutputStream(Math.max(256, chunk.length));
    }
    r.body.writeBytes(chunk);
  }

  /** Writes an object as JSON (Jackson) and sets {@code Content-Type: application/json}. */
  public void write(Object object) {
    if (object instanceof String s) {
      write(s);
      return;
    }
    if (object instanceof byte[] b) {
      write(b);
      return;
    }
    setHeader("Content-Type", "application/json; charset=UTF-8");
    write(Json.encodeBytes(object));
  }

  /** Renders a template from {@code template_path} with the model plus {@code handler}, {@code request}, {@code currentUser}. */
  public void render(String template, Map<String, Object> model) {
    finish(renderString(template, model));
  }

  /** Sends the headers (chunked) and what was written so far; later writes follow as chunks. */
  public void flush() {
    checkNotFinished();
    HttpExchange ex = exchange();
    ResponseState r = response();
    if (!ex.headersSent()) {
      ex.sendHeaders(r.status, r.headers);
    }
    if (pending() > 0) {
      ex.sendBody(ByteBuffer.wrap(r.body.toByteArray()));
      r.body = null;
    }
  }

  public void finish(String chunk) {
    write(chunk);
    finish();
  }

  /** Ends the response: sends headers and body (with a Content-Length unless already flushed). */
  public void finish() {
    ResponseState r = response();
    if (r.finished) {
      return;
    }
    HttpExchange ex = exchange();
    if (!ex.headersSent()) {
      byte[] body = pending() == 0 ? new byte[0] : r.body.toByteArray();
      if (ConditionalGet.answerNotModified(this, body)) {
        body = new byte[0];
      }
      ex.respond(r.status, r.headers, body);
    } else {
      if (pending() > 0) {
        ex.sendBody(ByteBuffer.wrap(r.body.toByteArray()));
      }
      ex.finish();
    }
    r.body = null;
    r.finished = true;
    onFinish();
    application().logRequest(handler());
  }

  /**
   * The ETag of a 200 answer to GET or HEAD sent whole, as Tornado's {@code compute_etag}: a hash
   * of {@code body}. Override to return a cheaper one (a version number, quoted), or null for none.
   */
  protected String computeEtag(byte[] body) {
    return StaticFiles.etag(body);
  }

  private int pending() {
    ByteArrayOutputStream body = response().body;
    return body == null ? 0 : body.size();
  }

  /**
   * Keeps the response open once the handler method has returned, for an answer given later (a
   * long poll, the reply to an upload written out asynchronously, a file sent chunk by chunk):
   * call {@link #finish()} then, on the request's loop ({@code exchange().loop().execute(...)}).
   * Tornado's coroutine methods finish when their coroutine does; here the method says so. A client
   * that goes away first is reported to {@link RequestHandler#onConnectionClose()}.
   */
  public final void finishLater() {
    response().finishLater = true;
  }

  public boolean isFinished() {
    return response().finished;
  }

  private void checkNotFinished() {
    if (response().finished) {
      throw new IllegalStateException("Cannot write after finish() for " + request());
    }
  }

  /** Redirects with 302 (or 301 when permanent). */
  public void redirect(String url) {
    redirect(url, false);
  }

  /**
   * Redirects to {@code url}; characters a URI cannot hold as they are (non-ASCII, space) are sent
   * UTF-8 percent-encoded (RFC 3986 §2.1), so {@code /caf\u00e9} arrives as {@code /caf%C3%A9},
   * not as one Latin-1 byte; control characters are refused (no header can be split).
   */
  public void redirect(String url, boolean permanent) {
    if (exchange().headersSent()) {
      throw new IllegalStateException("Cannot redirect after headers have been sent.");
    }
    setStatus(permanent ? HttpStatus.MOVED_PERMANENTLY : HttpStatus.FOUND);
    setHeader("Location", HttpChars.asciiUri(url));
    finish();
  }

  /** Replaces whatever was written with an error page for {@code status}. */
  public void sendError(int status, String message, Throwable cause) {
    if (exchange().headersSent()) {
      if (!response().finished) {
        response().finished = true; // before the abort: this close is no news to the handler
        exchange().connection().abort(cause);
        response().status = exchange().status(); // the one that went out before the failure
        application().logRequest(handler());
      }
      return;
    }
    response().body = null;
    ErrorPages.clearHeaders(responseHeaders());
    try {
      setDefaultHeaders(); // as Tornado's clear(): they dress every answer, error pages too
    } catch (RuntimeException e) {
      log().error("setDefaultHeaders failed while answering {} to {}", status, request(), e);
    }
    setStatus(status);
    writeError(status, message, cause);
    if (!response().finished) {
      finish();
    }
  }

  /** Writes the error page; override for custom pages. Stack traces appear only in debug mode. */
  protected void writeError(int status, String message, Throwable cause) {
    ErrorPages.write(this, status, message, settings().getBoolean(Settings.DEBUG) ? cause : null);
  }
}
