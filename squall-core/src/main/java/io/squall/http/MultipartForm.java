package io.squall.http;

import io.squall.http.internal.HttpChars;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses a {@code multipart/form-data} body (RFC 7578 over RFC 2046 §5.1): each part named by its
 * {@code Content-Disposition: form-data; name="..."} becomes a form field, or an uploaded file when
 * it carries a {@code filename}. A body that does not follow the format is the client's error, a
 * 400, as a malformed urlencoded form is; Tornado logs it and drops the arguments.
 *
 * <p>Stateless; safe from any thread.
 */
final class MultipartForm {
  /** Fields and files of one body, in the order the parts came. */
  record Parsed(Map<String, List<String>> fields, Map<String, List<UploadedFile>> files) {}

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

  private MultipartForm() {}

  /** The boundary parameter of a multipart Content-Type (RFC 2046 §5.1.1: 1 to 70 characters, maybe quoted), or a 400. */
  static String boundary(String contentType) {
    for (String param : splitParams(contentType)) {
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("boundary")) {
        String value = unquote(param.substring(eq + 1).trim());
        if (!value.isEmpty() && value.length() <= 70) {
          return value;
        }
      }
    }
    throw bad("no boundary of 1 to 70 characters in its Content-Type");
  }

  static Parsed parse(byte[] body, String contentType) {
    String boundary = boundary(contentType);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Needle lineDelimiter = new Needle(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
    Map<String, List<String>> fields = new LinkedHashMap<>();
    Map<String, List<UploadedFile>> files = new LinkedHashMap<>();
    int at = new Needle(delimiter).find(body, 0);
    if (at < 0 || (at > 0 && !endsWithCrlf(body, at))) {
      throw bad("no opening boundary");
    }
    while (true) {
      int after = at + delimiter.length;
      if (startsWith(body, after, new byte[] {'-', '-'})) {
        break; // the close delimiter; what follows is the epilogue
      }
      after = skipPadding(body, after);
      if (!startsWith(body, after, CRLF)) {
        throw bad("a boundary line that does not end the line");
      }
      int headStart = after + 2;
      int headEnd = indexOf(body, HEAD_END, headStart - 2);
      int next = lineDelimiter.find(body, headStart);
      next = next < 0 ? -1 : next + 2; // the delimiter itself, past the CRLF that begins its line
      if (next < 0) {
        throw bad("no closing boundary");
      }
      if (headEnd < 0 || headEnd + 4 > next - 2) {
        throw bad("a part without the blank line that ends its headers");
      }
      // headEnd is headStart - 2 for a part with no header lines: an empty head
      String head = new String(body, headStart, Math.max(0, headEnd - headStart), StandardCharsets.UTF_8);
      byte[] content = java.util.Arrays.copyOfRange(body, headEnd + 4, next - 2);
      addPart(head, content, fields, files);
      at = next;
    }
    fields.replaceAll((k, v) -> List.copyOf(v));
    files.replaceAll((k, v) -> List.copyOf(v));
    return new Parsed(Collections.unmodifiableMap(fields), Collections.unmodifiableMap(files));
  }

  private static void addPart(String head, byte[] content, Map<String, List<String>> fields, Map<String, List<UploadedFile>> files) {
    String disposition = null;
    String type = null;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw bad("a part header without a colon");
      }
      String name = line.substring(0, colon).trim();
      if (name.equalsIgnoreCase("Content-Disposition")) {
        disposition = line.substring(colon + 1).trim();
      } else if (name.equalsIgnoreCase("Content-Type")) {
        type = line.substring(colon + 1).trim();
      }
    }
    if (disposition == null) {
      throw bad("a part without Content-Disposition");
    }
    List<String> params = splitParams(disposition);
    if (!params.getFirst().trim().equalsIgnoreCase("form-data")) {
      throw bad("a part that is not form-data");
    }
    String name = null;
    String filename = null;
    for (String param : params.subList(1, params.size())) {
      int eq = param.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = param.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = unquote(param.substring(eq + 1).trim());
      if (key.equals("name")) {
        name = value;
      } else if (key.equals("filename")) {
        filename = value;
      }
    }
    if (name == null) {
      throw bad("a part without a name");
    }
    if (filename != null) {
      String fileType = type == null || type.isEmpty() ? "application/octet-stream" : type;
      files.computeIfAbsent(name, k -> new ArrayList<>(1)).add(new UploadedFile(filename, fileType, content));
    } else {
      String text = HttpChars.utf8OrNull(content, content.length);
      if (text == null) {
        throw bad("field '" + name + "' is not UTF-8");
      }
      fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(text);
    }
  }

  /**
   * A byte string searched for with Knuth–Morris–Pratt: linear in the body whatever its bytes, so a
   * body built to make a naive search back up at every byte (runs of the boundary's first
   * characters) cannot hold the loop for seconds; a body may be 100 MiB.
   */
  private static final class Needle {
    private final byte[] bytes;
    /** fallback[i]: the length of the longest proper border of bytes[0..i]. */
    private final int[] fallback;

    Needle(byte[] bytes) {
      this.bytes = bytes;
      this.fallback = new int[bytes.length];
      for (int i = 1, k = 0; i < bytes.length; i++) {
        while (k > 0 && bytes[i] != bytes[k]) {
          k = fallback[k - 1];
        }
        if (bytes[i] == bytes[k]) {
          k++;
        }
        fallback[i] = k;
      }
    }

    /** The first index at or after {@code from} where the needle starts, or -1. */
    int find(byte[] body, int from) {
      for (int i = Math.max(0, from), k = 0; i < body.length; i++) {
        while (k > 0 && body[i] != bytes[k]) {
          k = fallback[k - 1];
        }
        if (body[i] == bytes[k]) {
          k++;
        }
        if (k == bytes.length) {
          return i - k + 1;
        }
      }
      return -1;
    }
  }

  /** RFC 2046 §5.1.1: linear whitespace may follow a boundary before its line ends. */
  private static int skipPadding(byte[] body, int at) {
    while (at < body.length && (body[at] == ' ' || body[at] == '\t')) {
      at++;
    }
    return at;
  }

  private static boolean endsWithCrlf(byte[] body, int at) {
    return at >= 2 && body[at - 2] == '\r' && body[at - 1] == '\n';
  }

  private static boolean startsWith(byte[] body, int at, byte[] prefix) {
    if (at + prefix.length > body.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (body[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    for (int i = Math.max(0, from); i + needle.length <= body.length; i++) {
      if (startsWith(body, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  /** Splits {@code a; b="x;y"; c} on semicolons outside quoted strings. */
  private static List<String> splitParams(String header) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quoted && c == '\\' && i + 1 < header.length()) {
        current.append(c).append(header.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ';' && !quoted) {
        out.add(current.toString());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    out.add(current.toString());
    return out;
  }

  /** A quoted-string's content with its backslash escapes undone (RFC 9110 §5.6.4), or the token as it is. */
  private static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  private static HttpException bad(String what) {
    return new HttpException(HttpStatus.BAD_REQUEST, "Malformed multipart/form-data body: " + what + ".");
  }
}
