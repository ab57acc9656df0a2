package io.squall.web;

import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import io.squall.http.internal.HttpDates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Serves files under the {@code static_path} setting: content types, ETag / If-None-Match and
 * Last-Modified / If-Modified-Since (304), If-Match / If-Unmodified-Since (412), single byte
 * ranges (206 / 416) under If-Range, HEAD as GET without the body, long caching for
 * versioned URLs, and nothing outside the folder (traversal, encoded or through symlinks → 404).
 *
 * <p>Thread rule: one instance per request, on the request's loop.
 */
public class StaticFileHandler extends RequestHandler {
  /** Versioned URLs ({@code ?v=hash}) change with the content, so browsers may keep them a year. */
  static final String CACHE_VERSIONED = "public, max-age=31536000, immutable";
  /** Unversioned URLs are revalidated each time (cheap: 304 by ETag). */
  static final String CACHE_UNVERSIONED = "no-cache";

  @Override
  public void get() {
    StaticFiles files = application().staticFiles();
    // StaticFiles decodes the path itself, exactly once: give it the raw group.
    String raw = rawPathArgs().get(0);
    Path file = files.resolve(raw).orElseThrow(() -> new HttpException(HttpStatus.NOT_FOUND, "No static file " + raw));
    try {
      long size = Files.size(file);
      Instant modified = Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS);
      String etag = files.etag(file);
      setHeader("Content-Type", StaticFiles.contentType(file));
      setHeader("X-Content-Type-Options", "nosniff"); // the type named is the type meant: no sniffing a .txt into a script
      setHeader("ETag", etag);
      setHeader("Last-Modified", HttpDates.format(modified));
      setHeader("Accept-Ranges", "bytes");
      setHeader("Cache-Control", getQueryArgument("v", null) != null ? CACHE_VERSIONED : CACHE_UNVERSIONED);
      if (StaticFiles.preconditionFailed(request().header("If-Match"), etag, request().header("If-Unmodified-Since"), modified)) {
        throw new HttpException(HttpStatus.PRECONDITION_FAILED, "The file " + raw + " does not match the request's If-Match or If-Unmodified-Since.");
      }
      if (StaticFiles.notModified(request().header("If-None-Match"), etag, request().header("If-Modified-Since"), modified)) {
        clearHeader("Content-Type");
        setStatus(HttpStatus.NOT_MODIFIED);
        return;
      }
      long start = 0;
      long end = size - 1;
      String range = request().header("Range");
      if (range != null && StaticFiles.rangeApplies(request().header("If-Range"), etag, modified)) {
        switch (StaticFiles.parseRange(range, size)) {
          case RangeResult.Partial p -> {
            start = p.start();
            end = p.end();
            setStatus(HttpStatus.PARTIAL_CONTENT);
            setHeader("Content-Range", "bytes " + start + "-" + end + "/" + size);
          }
          case RangeResult.Unsatisfiable u -> {
            setHeader("Content-Range", "bytes */" + size);
            throw new HttpException(HttpStatus.RANGE_NOT_SATISFIABLE, "Range " + range + " is outside 0-" + size + ".");
          }
          case RangeResult.Full f -> { }
        }
      }
      long length = end - start + 1;
      setHeader("Content-Length", Long.toString(length));
      if (length == 0 || request().method().equals("HEAD")) {
        flush();
        return;
      }
      FileChannel channel = FileChannel.open(file); // before the headers: a file gone now is still a 404
      flush(); // the headers, with this length: the body follows from the file, never whole in memory
      finishLater();
      FileBody.send(file, channel, start, length, exchange(), this::finish);
    } catch (NoSuchFileException e) {
      throw new HttpException(HttpStatus.NOT_FOUND, "No static file " + raw);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read static file " + file, e);
    }
  }
}
