package io.squall.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * The JDK's HTTP client pointed at one test server: HTTP/1.1 only (no h2c upgrade), redirects not
 * followed, five-second timeouts, and optionally a cookie jar so cookies travel as a browser's do.
 */
final class WebClient {
  static final String FORM = "application/x-www-form-urlencoded";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient client;
  private final String base;

  WebClient(Application app) {
    this(app, null);
  }

  WebClient(Application app, CookieHandler cookies) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(TIMEOUT);
    if (cookies != null) {
      b.cookieHandler(cookies);
    }
    this.client = b.build();
    this.base = "http://127.0.0.1:" + app.port();
  }

  String url(String path) {
    return base + path;
  }

  /** GET with header name/value pairs. */
  HttpResponse<String> get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  /** POST of an urlencoded form with header name/value pairs. */
  HttpResponse<String> postForm(String path, String form, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = FORM;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send("POST", path, form, all);
  }

  /** Any method; a null body sends none. */
  HttpResponse<String> send(String method, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(TIMEOUT)
        .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during " + method + " " + path, e);
    }
  }

  /** GET returning the raw bytes of the body. */
  HttpResponse<byte[]> getBytes(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted during GET " + path, e);
    }
  }
}
