package io.squall.http;

import io.squall.http.internal.ExchangeOwner;
import io.squall.http.internal.GzipCoding;
import io.squall.http.internal.HttpChars;
import io.squall.http.internal.HttpDates;
import io.squall.http.internal.ResponseCompression;
import io.squall.ioloop.EventLoop;
import io.squall.net.ConnectionHandler;
import io.squall.net.TcpConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response on a connection. The response is either sent at once ({@link
 * #respond}) or streamed: {@link #sendHeaders}, any number of {@link #sendBody}, then {@link
 * #finish}. Without a Content-Length an HTTP/1.1 body is sent chunked. With {@link
 * #compressIfAccepted} a textual body goes gzip-encoded to a client that takes it ({@link
 * ResponseCompression} says which): one sent at once with its compressed length, a streamed one
 * chunked, each piece flushed. A request dispatched at its head ({@link HttpHandler#streamsBody})
 * gives its body through {@link #streamBody}; a response sent while some of that body is unread
 * closes the connection.
 *
 * <p>Confined to the connection's loop ({@link #loop()}).
 */
public final class HttpExchange {
  /** Value of the Server header. */
  public static final String SERVER_NAME = "Squall";
  private static final Logger log = LoggerFactory.getLogger(HttpExchange.class);
  private static final byte[] CRLF = {'\r', '\n'};
  private static final ByteBuffer LAST_CHUNK = ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

  private final HttpRequest request;
  private final TcpConnection connection;
  /**
   * The HTTP connection, which moves to its next request when this exchange is finished; dropped
   * then, so an upgraded socket does not keep the HTTP state.
   */
  private ExchangeOwner owner;
  private boolean keepAlive;
  private boolean headersSent;
  private boolean chunked;
  private boolean bodyAllowed;
  private boolean finished;
  private boolean upgraded;
  private int status;
  /** Body bytes the sent Content-Length still owes, or -1 when none binds (chunked, HEAD, no body). */
  private long lengthOwed = -1;
  /** Whether the response may still be gzip-encoded: set by the server, cleared once decided. */
  private boolean compressible;
  /** Encodes a streamed body being sent gzip-encoded; null otherwise and once finished. */
  private GzipCoding gzip;

  /** Built by the HTTP connection, its {@code owner}, which it tells when it is finished. */
  public HttpExchange(HttpRequest request, TcpConnection connection, boolean keepAlive, ExchangeOwner owner) {
    this.request = request;
    this.connection = connection;
    this.keepAlive = keepAlive;
    this.owner = owner;
  }

  public HttpRequest request() {
    return request;
  }

  public TcpConnection connection() {
    return connection;
  }

  public EventLoop loop() {
    return connection.loop();
  }

  public boolean headersSent() {
    return headersSent;
  }

  public boolean isFinished() {
    return finished;
  }

  /** The status sent, or 0 before the headers went out. */
  public int status() {
    return status;
  }

  /** Asks for the connection to be closed after this response. */
  public void closeAfterResponse() {
    keepAlive = false;
  }

  /**
   * Lets this response go gzip-encoded if the client takes it and its type, status and size call
   * for it (Tornado's {@code compress_response}). The server calls it when told to compress; call
   * it before the headers are sent.
   */
  public void compressIfAccepted() {
    compressible = !headersSent;
  }

  /** Sends a complete response with a Content-Length. */
  public void respond(int status, Headers headers, byte[] body) {
    if (compressible && !headersSent) {
      compressible = false;
      if (ResponseCompression.decide(acceptEncoding(), status, headers, body.length)) {
        body = GzipCoding.compress(body);
      }
    }
    headers.set("Content-Length", Integer.toString(body.length));
    sendHeaders(status, headers);
    if (body.length > 0) {
      sendBody(ByteBuffer.wrap(body));
    }
    finish();
  }

  /** Sends the status line and headers, adding Date, Server and the framing headers. */
  public void sendHeaders(int status, Headers headers) {
    if (headersSent) {
      throw new IllegalStateException("Headers already sent for " + request);
    }
    boolean noBodyStatus = status < 200 || status == 204 || status == 304;
    long declaredLength = !noBodyStatus && headers.contains("Content-Length") ? contentLength(headers) : -1;
    boolean head = request.method().equals("HEAD");
    if (compressible) {
      compressible = false;
      if (ResponseCompression.decide(acceptEncoding(), status, headers, declaredLength)) {
        // The length declared counts identity bytes: it still bounds what the handler sends, but
        // the encoded body is framed by chunks.
        headers.remove("Content-Length");
        gzip = head ? null : new GzipCoding();
      }
    }
    headersSent = true;
    this.status = status;
    // RFC 9112 §9.6: a handler that says "close" gets it: no further request on this connection.
    if (headers.containsToken("Connection", "close")) {
      keepAlive = false;
    }
    // The unread rest of a streamed body would be read as the next request: the connection ends.
    if (owner != null && owner.bodyUnread(this)) {
      keepAlive = false;
    }
    bodyAllowed = !head && !noBodyStatus;
    lengthOwed = bodyAllowed ? declaredLength : -1;
    if (noBodyStatus) {
      headers.remove("Content-Length").remove("Transfer-Encoding");
    } else if (!headers.contains("Content-Length")) {
      if (request.version().equals("HTTP/1.1")) {
        chunked = bodyAllowed;
        if (chunked) {
          headers.set("Transfer-Encoding", "chunked");
        }
      } else {
        keepAlive = false;
      }
    }
    if (status != HttpStatus.SWITCHING_PROTOCOLS) {
      if (!keepAlive) {
        headers.set("Connection", "close");
      } else if (request.version().equals("HTTP/1.0")) {
        headers.set("Connection", "keep-alive");
      }
    }
    if (!headers.contains("Date")) {
      headers.set("Date", HttpDates.now());
    }
    if (!headers.contains("Server")) {
      headers.set("Server", SERVER_NAME);
    }
    StringBuilder sb = new StringBuilder(256);
    sb.append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reasonPhrase(status)).append("\r\n");
    headers.forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
    sb.append("\r\n");
    connection.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1)), null);
  }

  /** The Content-Length a handler set: decimal digits only, else the response would be framed wrong. */
  private long contentLength(Headers headers) {
    String value = headers.get("Content-Length");
    boolean digits = !value.isEmpty() && value.length() <= 18 && value.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || headers.getAll("Content-Length").size() > 1) {
      throw new IllegalArgumentException("Invalid Content-Length " + HttpChars.quote(String.join(", ",
          headers.getAll("Content-Length"))) + " for " + request + ": one decimal number of bytes.");
    }
    return Long.parseLong(value);
  }

  /** Sends part of the body (dropped for HEAD and bodiless statuses); returns when written. */
  public CompletableFuture<Void> sendBody(ByteBuffer data) {
    if (!headersSent) {
      throw new IllegalStateException("Send the headers before the body of " + request);
    }
    if (finished) {
      throw new IllegalStateException("Response already finished for " + request);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!bodyAllowed || !data.hasRemaining()) {
      done.complete(null);
      return done;
    }
    if (lengthOwed >= 0) {
      if (data.remaining() > lengthOwed) {
        // As Tornado's HTTPOutputError: the excess would be read as the start of the next answer.
        connection.close(); // what went out within the length still goes
        throw new IllegalStateException("Body chunk of " + data.remaining() + " bytes exceeds the "
            + lengthOwed + " left of the Content-Length for " + request + "; connection closed.");
      }
      lengthOwed -= data.remaining();
    }
    write(gzip == null ? data : gzip.next(data), done);
    return done;
  }

  /** Sends body bytes as they go on the wire: a chunk, or as they are. */
  private void write(ByteBuffer data, CompletableFuture<Void> done) {
    if (chunked) {
      String size = Integer.toHexString(data.remaining()) + "\r\n";
      connection.write(ByteBuffer.wrap(size.getBytes(StandardCharsets.US_ASCII)), null);
      connection.write(data, null);
      connection.write(ByteBuffer.wrap(CRLF), done);
    } else {
      connection.write(data, done);
    }
  }

  /** Every {@code Accept-Encoding} line of the request as one list, or null. */
  private String acceptEncoding() {
    var lines = request.headers().getAll("Accept-Encoding");
    return lines.isEmpty() ? null : String.join(",", lines);
  }

  /** Ends the response; the connection then serves its next request or closes. */
  public void finish() {
    if (finished) {
      return;
    }
    if (!headersSent) {
      sendHeaders(HttpStatus.OK, new Headers().set("Content-Length", "0"));
    }
    finished = true;
    if (gzip != null) {
      if (lengthOwed > 0) {
        gzip.abandon();
      } else {
        write(gzip.finish(), null);
      }
      gzip = null;
    }
    if (lengthOwed > 0) {
      // The client would wait for bytes that never come, or read the next answer as the rest.
      log.warn("Response to {} ended {} bytes short of its Content-Length; connection closed.", request, lengthOwed);
      connection.close();
    }
    if (chunked) {
      connection.write(LAST_CHUNK.duplicate(), null);
    }
    if (!keepAlive) {
      connection.close();
    }
    runOnFinished();
  }

  /**
   * Sends the headers of a 101 response and hands the connection to {@code next}; bytes the
   * client sent after the request go to {@code next}.
   */
  public void upgrade(Headers headers, ConnectionHandler next) {
    sendHeaders(HttpStatus.SWITCHING_PROTOCOLS, headers);
    finished = true;
    upgraded = true;
    connection.setHandler(next);
    runOnFinished();
  }

  private void runOnFinished() {
    ExchangeOwner o = owner;
    owner = null;
    o.exchangeFinished(this);
  }

  /**
   * Takes the body of a request dispatched at its head ({@link HttpHandler#streamsBody}): from now
   * (or, when called from {@link HttpHandler#handle}, once it returns) the body is read as it
   * arrives, each piece going to {@code receiver}'s {@link BodyReceiver#onData}, and then {@link
   * BodyReceiver#onEnd} is called. A client that sent {@code Expect: 100-continue} gets its {@code
   * 100 Continue} now (RFC 9110 §10.1.1), unless the body's length is past its limit: that is a 413
   * without one, and the connection closes.
   *
   * @throws IllegalStateException for a request whose body was buffered, once the body is taken,
   *     or once the exchange is finished
   */
  public void streamBody(BodyReceiver receiver) {
    requireOwner("take its body").streamBody(this, Objects.requireNonNull(receiver, "receiver"));
  }

  /**
   * The largest body this request may have, in place of the server's {@link
   * HttpLimits#maxBodyBytes()} (Tornado's {@code set_max_body_size}): raise it for a large upload,
   * lower it for a small one. Only for a request dispatched at its head, before {@link #streamBody}.
   * A body past it is answered 413, before any of it is read when a Content-Length says so, else
   * when the chunk that crosses it announces its size; the connection then closes.
   *
   * @throws IllegalArgumentException if {@code bytes} is not positive
   * @throws IllegalStateException for a buffered body, or once its reading has started
   */
  public void setMaxBodyBytes(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive, was " + bytes + ".");
    }
    requireOwner("set its body limit").setMaxBodyBytes(this, bytes);
  }

  /**
   * Runs {@code callback} (on the loop) if the connection closes before this exchange is finished:
   * the client reset it or ended its stream in the middle of a streamed body, a timeout, a body the
   * server refused (413, 400, 408), an abort. Never once the exchange is finished or upgraded. A
   * client that only half-closes after a complete request still gets its answer: that is not a
   * close. One callback; a later call replaces it.
   */
  public void onConnectionClose(Runnable callback) {
    if (owner != null) {
      owner.onConnectionClose(this, callback);
    }
  }

  private ExchangeOwner requireOwner(String action) {
    if (owner == null) {
      throw new IllegalStateException("Cannot " + action + ": the exchange for " + request + " is finished.");
    }
    return owner;
  }

  public boolean isUpgraded() {
    return upgraded;
  }

  public boolean keepAlive() {
    return keepAlive;
  }
}
