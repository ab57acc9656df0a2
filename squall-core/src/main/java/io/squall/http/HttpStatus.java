package io.squall.http;

/**
 * HTTP status codes: constants for the ones Squall and its handlers use, and the reason phrase of
 * every code registered by RFC 9110 and its companions (RFC 6585, RFC 7725, RFC 8470).
 *
 * <p>Stateless; safe from any thread.
 */
public final class HttpStatus {
  public static final int CONTINUE = 100;
  public static final int SWITCHING_PROTOCOLS = 101;

  public static final int OK = 200;
  public static final int CREATED = 201;
  public static final int ACCEPTED = 202;
  public static final int NO_CONTENT = 204;
  public static final int PARTIAL_CONTENT = 206;

  public static final int MOVED_PERMANENTLY = 301;
  public static final int FOUND = 302;
  public static final int SEE_OTHER = 303;
  public static final int NOT_MODIFIED = 304;
  public static final int TEMPORARY_REDIRECT = 307;
  public static final int PERMANENT_REDIRECT = 308;

  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  public static final int METHOD_NOT_ALLOWED = 405;
  public static final int NOT_ACCEPTABLE = 406;
  public static final int REQUEST_TIMEOUT = 408;
  public static final int CONFLICT = 409;
  public static final int GONE = 410;
  public static final int LENGTH_REQUIRED = 411;
  public static final int PRECONDITION_FAILED = 412;
  /** RFC 9110 renamed it "Content Too Large"; the constant keeps the better-known name. */
  public static final int PAYLOAD_TOO_LARGE = 413;
  public static final int URI_TOO_LONG = 414;
  public static final int UNSUPPORTED_MEDIA_TYPE = 415;
  public static final int RANGE_NOT_SATISFIABLE = 416;
  public static final int EXPECTATION_FAILED = 417;
  public static final int UPGRADE_REQUIRED = 426;
  public static final int TOO_MANY_REQUESTS = 429;
  public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;

  public static final int INTERNAL_SERVER_ERROR = 500;
  public static final int NOT_IMPLEMENTED = 501;
  public static final int BAD_GATEWAY = 502;
  public static final int SERVICE_UNAVAILABLE = 503;
  public static final int GATEWAY_TIMEOUT = 504;
  public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

  private HttpStatus() {}

  /**
   * The reason phrase for a status line, or "Unknown" for a code with no registered meaning
   * (including 306 and 418, which RFC 9110 §15.4.7 and §15.5.19 mark as unused).
   */
  public static String reasonPhrase(int code) {
    return switch (code) {
      case 100 -> "Continue";
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 203 -> "Non-Authoritative Information";
      case 204 -> "No Content";
      case 205 -> "Reset Content";
      case 206 -> "Partial Content";
      case 300 -> "Multiple Choices";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 305 -> "Use Proxy";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 402 -> "Payment Required";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 407 -> "Proxy Authentication Required";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 411 -> "Length Required";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 414 -> "URI Too Long";
      case 415 -> "Unsupported Media Type";
      case 416 -> "Range Not Satisfiable";
      case 417 -> "Expectation Failed";
      case 421 -> "Misdirected Request";
      case 422 -> "Unprocessable Content";
      case 425 -> "Too Early";
      case 426 -> "Upgrade Required";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 431 -> "Request Header Fields Too Large";
      case 451 -> "Unavailable For Legal Reasons";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      case 505 -> "HTTP Version Not Supported";
      case 511 -> "Network Authentication Required";
      default -> "Unknown";
    };
  }
}
