package io.squall.http;

/** Answers requests. Called on the connection's loop; must not block it. */
@FunctionalInterface
public interface HttpHandler {
  /** Handles one request; the exchange must eventually be finished (or upgraded). */
  void handle(HttpExchange exchange);

  /**
   * Whether this request's body goes to the handler as it arrives instead of being buffered whole.
   * Asked once the head of a request that declares a body (a Content-Length above 0, or chunked) is
   * in, before any byte of the body is read; {@code request.body()} is empty.
   *
   * <p>True: {@link #handle} is called at once with this request ({@link
   * HttpRequest#isBodyStreamed()}). It may answer without the body (a 401, a 413, a redirect), and
   * the connection then closes with the body unread; or take the body with {@link
   * HttpExchange#streamBody}, first setting its limit with {@link HttpExchange#setMaxBodyBytes}.
   * Until it does one or the other, nothing more is read from the connection.
   *
   * <p>False (the default): the body is read whole, up to {@link HttpLimits#maxBodyBytes()}, and
   * then {@link #handle} is called. A throw here answers 500 and closes the connection.
   */
  default boolean streamsBody(HttpRequest request) {
    return false;
  }
}
