package io.squall.http;

import java.io.Serial;

/**
 * An error that ends in an HTTP response with {@link #status()}: thrown by the request parser for
 * bad input and by handlers ({@code throw new HttpException(403, "Admins only.")}).
 *
 * <p>Immutable; safe from any thread. The message is short and exact, with the offending value and
 * the limit it broke ("Request line of 8193 bytes exceeds maxRequestLineBytes 8192.").
 */
public class HttpException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status a status code from 100 to 599, usually 4xx or 5xx
   * @param message what went wrong, with the value and the limit where there is one
   */
  public HttpException(int status, String message) {
    super(message);
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("Status " + status + " is outside 100-599.");
    }
    this.status = status;
  }

  /** An exception whose message is the status's reason phrase ("Not Found"). */
  public HttpException(int status) {
    this(status, HttpStatus.reasonPhrase(status));
  }

  public int status() {
    return status;
  }

  @Override
  public String toString() {
    return "HttpException " + status + ": " + getMessage();
  }
}
