package io.squall.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file-system side of serving static files, as Tornado's {@code StaticFileHandler}: maps a URL
 * path to a file that cannot escape the root, names its content type, hashes it for {@code ETag}
 * and {@code ?v=} cache busting, and evaluates {@code Range} and conditional-request headers.
 *
 * <p>Thread rule: safe from any thread; the content-hash cache is a concurrent map keyed by path
 * and checked against size and modification time on every use.
 */
public final class StaticFiles {
  /** Hex digits of SHA-256 in an {@code ETag}: 128 bits, ample for telling versions apart. */
  static final int ETAG_HEX_DIGITS = 32;
  /** Hex digits of SHA-256 in a {@code ?v=} version: short in URLs, 64 bits. */
  static final int VERSION_HEX_DIGITS = 16;
  /**
   * Largest file whose content is hashed, 16 MiB (a few tens of milliseconds on the loop, once per
   * version). A larger file (a video, an archive) is identified by its size and modification
   * time instead, as nginx does for every file: hashing gigabytes held the loop, and every
   * connection on it, for tens of seconds.
   */
  static final long MAX_HASHED_BYTES = 16L << 20;
  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
  private static final String UTF8 = "; charset=UTF-8";
  private static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
      Map.entry("html", "text/html" + UTF8), Map.entry("htm", "text/html" + UTF8),
      Map.entry("css", "text/css" + UTF8), Map.entry("txt", "text/plain" + UTF8),
      Map.entry("js", "text/javascript" + UTF8), Map.entry("mjs", "text/javascript" + UTF8),
      Map.entry("json", "application/json"), Map.entry("map", "application/json"),
      Map.entry("xml", "application/xml"), Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("ico", "image/x-icon"),
      Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"),
      Map.entry("wasm", "application/wasm"), Map.entry("pdf", "application/pdf"));

  private final Path root;
  /** Content hashes by absolute path; touched by any thread through the concurrent map. */
  private final Map<Path, ContentHash> hashes = new ConcurrentHashMap<>();

  /** Serves files under {@code root}, which must be an existing directory (symlinks resolved). */
  public StaticFiles(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new IllegalArgumentException("Static root '" + root + "' does not exist.", e);
    }
    if (!Files.isDirectory(this.root)) {
      throw new IllegalArgumentException("Static root '" + root + "' is not a directory.");
    }
  }

  /** The root directory as a real, absolute path. */
  public Path root() {
    return root;
  }

  /**
   * The regular file that {@code urlPath} names under the root, or empty. {@code urlPath} is the
   * still percent-encoded part after the static prefix ({@code css/app.css}), decoded here exactly
   * once, so {@code %252e} names a file called {@code %2e}. Empty for bad percent escapes or UTF-8,
   * a leading {@code /}, {@code ..} segments, backslashes, control characters (NUL included), a
   * missing file, a directory, and any file whose real path (symlinks followed) leaves the root.
   */
  public Optional<Path> resolve(String urlPath) {
    String decoded = percentDecode(urlPath);
    if (decoded == null || decoded.isEmpty() || decoded.startsWith("/") || !isSafe(decoded)) {
      return Optional.empty();
    }
    try {
      Path candidate = root.resolve(decoded);
      if (!candidate.normalize().startsWith(root)) {
        return Optional.empty();
      }
      Path real = candidate.toRealPath();
      return real.startsWith(root) && Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
    } catch (InvalidPathException | IOException e) {
      return Optional.empty();
    }
  }

  /** The {@code Content-Type} for a file name's extension; text types carry {@code charset=UTF-8}. */
  public static String contentType(Path file) {
    Path name = file.getFileName();
    String text = name == null ? "" : name.toString();
    int dot = text.lastIndexOf('.');
    return dot < 0 ? DEFAULT_CONTENT_TYPE
        : CONTENT_TYPES.getOrDefault(text.substring(dot + 1).toLowerCase(Locale.ROOT), DEFAULT_CONTENT_TYPE);
  }

  /**
   * A strong {@code ETag}: the quoted first {@value #ETAG_HEX_DIGITS} hex digits of SHA-256 of the
   * content, or of the size and modification time past {@link #MAX_HASHED_BYTES}.
   */
  public String etag(Path file) {
    return "\"" + contentHash(file).substring(0, ETAG_HEX_DIGITS) + "\"";
  }

  /** The first {@value #VERSION_HEX_DIGITS} hex digits of the {@link #etag}'s hash, for {@code /static/app.js?v=...}. */
  public String versionHash(Path file) {
    return contentHash(file).substring(0, VERSION_HEX_DIGITS);
  }

  /** How to answer a {@code Range} header for a representation of {@code size} bytes. */
  public static RangeResult parseRange(String rangeHeader, long size) {
    return ConditionalGet.parseRange(rangeHeader, size);
  }

  /**
   * True when a GET or HEAD may be answered 304 (RFC 9110 §13.1.2, §13.1.3): when
   * {@code If-None-Match} is present it alone decides ({@code *} or any weakly equal tag); else
   * {@code If-Modified-Since}, an HTTP date in any of its three forms (unparseable dates are
   * ignored), must not be before
   * {@code lastModified} at second precision. Null arguments stand for absent headers.
   */
  public static boolean notModified(
      String ifNoneMatch, String etag, String ifModifiedSince, Instant lastModified) {
    return ConditionalGet.notModified(ifNoneMatch, etag, ifModifiedSince, lastModified);
  }

  /**
   * True when the request must be answered 412 (RFC 9110 §13.2.2 steps 1 and 2, checked before
   * {@link #notModified}): {@code If-Match} neither {@code *} nor listing {@code etag} (strong
   * comparison), or, without it, {@code If-Unmodified-Since} earlier than {@code lastModified}.
   */
  public static boolean preconditionFailed(
      String ifMatch, String etag, String ifUnmodifiedSince, Instant lastModified) {
    return ConditionalGet.preconditionFailed(ifMatch, etag, ifUnmodifiedSince, lastModified);
  }

  /**
   * True when a {@code Range} may be served under {@code If-Range} (RFC 9110 §13.1.5): no
   * {@code If-Range}, or one that strongly matches {@code etag} or is exactly {@code lastModified};
   * otherwise the whole representation goes out, so a resumed download never joins two versions.
   */
  public static boolean rangeApplies(String ifRange, String etag, Instant lastModified) {
    return ConditionalGet.rangeApplies(ifRange, etag, lastModified);
  }

  private String contentHash(Path file) {
    Path key = file.toAbsolutePath().normalize();
    try {
      BasicFileAttributes attributes = Files.readAttributes(key, BasicFileAttributes.class);
      ContentHash cached = hashes.get(key);
      if (cached != null && cached.matches(attributes)) {
        return cached.hex();
      }
      // Attributes read before hashing: a change during the read shows as a mismatch next time.
      String hex = attributes.size() <= MAX_HASHED_BYTES ? sha256(key)
          : sha256("size " + attributes.size() + " modified " + attributes.lastModifiedTime().toInstant());
      ContentHash fresh = new ContentHash(attributes.size(), attributes.lastModifiedTime(), hex);
      hashes.put(key, fresh);
      return fresh.hex();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot hash static file " + key + ".", e);
    }
  }

  private static String sha256(String metadata) {
    return HexFormat.of().formatHex(newSha256().digest(metadata.getBytes(StandardCharsets.UTF_8)));
  }

  /** A strong ETag for a response body held whole: the same digits as a file's. */
  static String etag(byte[] body) {
    return "\"" + HexFormat.of().formatHex(newSha256().digest(body)).substring(0, ETAG_HEX_DIGITS) + "\"";
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("This JDK cannot compute SHA-256.", e);
    }
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Decodes {@code %XX} escapes once; null for a bad escape or bytes that are not UTF-8. */
  private static String percentDecode(String path) {
    if (path == null) {
      return null;
    }
    byte[] raw = path.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(raw.length);
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] != '%') {
        out.put(raw[i]);
        continue;
      }
      int high = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
      int low = high >= 0 ? Character.digit(raw[i + 2], 16) : -1;
      if (low < 0) {
        return null;
      }
      out.put((byte) (high << 4 | low));
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(out.flip()).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** No backslash, no control character, no {@code ..} segment. */
  private static boolean isSafe(String decoded) {
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      if (c == '\\' || Character.isISOControl(c)) {
        return false;
      }
    }
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** A file's SHA-256 in hex with the size and modification time it was computed for. */
  private record ContentHash(long size, FileTime modified, String hex) {
    boolean matches(BasicFileAttributes attributes) {
      return size == attributes.size() && modified.equals(attributes.lastModifiedTime());
    }
  }
}
