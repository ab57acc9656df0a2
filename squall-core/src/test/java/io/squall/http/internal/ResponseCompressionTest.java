package io.squall.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.http.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResponseCompressionTest {
  static Headers typed(String type) {
    return new Headers().set("Content-Type", type);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "GZIP", "x-gzip", "gzip, deflate, br, zstd", "deflate;q=0.5, gzip;q=0.8",
      "*", "br, *;q=0.1", "gzip;q=1.0", "gzip ; q=0.001", "identity, gzip"})
  void acceptsGzip(String header) {
    assertThat(ResponseCompression.accepts(header)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "identity", "deflate, br", "gzip;q=0", "gzip;q=0.000", "*, gzip;q=0",
      "gzip;q=2", "gzip;q=abc", "*;q=0", "gzipped", "br;q=1, x-gzip;q=0"})
  void refusesGzip(String header) {
    assertThat(ResponseCompression.accepts(header)).isFalse();
  }

  @Test
  void noAcceptEncodingMeansIdentity() {
    assertThat(ResponseCompression.accepts(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/html; charset=UTF-8", "TEXT/CSS", "text/plain", "application/json",
      "application/javascript; charset=utf-8", "image/svg+xml", "application/ld+json", "application/atom+xml",
      "application/wasm", "text/event-stream"})
  void textualTypesAreCompressible(String type) {
    assertThat(ResponseCompression.compressibleType(type)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"image/png", "application/octet-stream", "video/mp4", "application/zip", "font/woff2"})
  void binaryTypesAreNot(String type) {
    assertThat(ResponseCompression.compressibleType(type)).isFalse();
  }

  @Test
  void aLongHtmlBodyIsGzippedWithVaryAndAWeakEtag() {
    Headers h = typed("text/html").set("ETag", "\"abc\"");
    assertThat(ResponseCompression.decide("gzip", 200, h, 5000)).isTrue();
    assertThat(h.get("Content-Encoding")).isEqualTo("gzip");
    assertThat(h.get("Vary")).isEqualTo("Accept-Encoding");
    assertThat(h.get("ETag")).isEqualTo("W/\"abc\"");
  }

  @Test
  void aClientThatDoesNotTakeGzipGetsIdentityButStillTheVary() {
    Headers h = typed("text/html").set("ETag", "\"abc\"");
    assertThat(ResponseCompression.decide("br", 200, h, 5000)).isFalse();
    assertThat(h.contains("Content-Encoding")).isFalse();
    assertThat(h.get("Vary")).isEqualTo("Accept-Encoding");
    assertThat(h.get("ETag")).isEqualTo("\"abc\"");
  }

  @Test
  void aShortBodyStaysIdentityButAStreamOfUnknownLengthIsGzipped() {
    assertThat(ResponseCompression.decide("gzip", 200, typed("text/html"), ResponseCompression.MIN_LENGTH - 1)).isFalse();
    assertThat(ResponseCompression.decide("gzip", 200, typed("text/html"), ResponseCompression.MIN_LENGTH)).isTrue();
    assertThat(ResponseCompression.decide("gzip", 200, typed("text/html"), -1)).isTrue();
  }

  @Test
  void anExistingVaryGainsAcceptEncodingOnce() {
    Headers h = typed("application/json").set("Vary", "Origin");
    ResponseCompression.decide("gzip", 200, h, 5000);
    assertThat(h.getAll("Vary")).containsExactly("Origin", "Accept-Encoding");
    Headers already = typed("application/json").set("Vary", "Origin, accept-encoding");
    ResponseCompression.decide("gzip", 200, already, 5000);
    assertThat(already.getAll("Vary")).containsExactly("Origin, accept-encoding");
    Headers star = typed("application/json").set("Vary", "*");
    ResponseCompression.decide("gzip", 200, star, 5000);
    assertThat(star.getAll("Vary")).containsExactly("*");
  }

  @Test
  void rangesEncodedBodiesBinaryTypesAndBodilessStatusesAreLeftAlone() {
    Headers partial = typed("text/plain").set("Content-Range", "bytes 0-9999/20000");
    assertThat(ResponseCompression.decide("gzip", 206, partial, 10_000)).isFalse();
    assertThat(partial.contains("Vary")).isFalse();
    Headers encoded = typed("text/plain").set("Content-Encoding", "br");
    assertThat(ResponseCompression.decide("gzip", 200, encoded, 10_000)).isFalse();
    assertThat(encoded.get("Content-Encoding")).isEqualTo("br");
    assertThat(ResponseCompression.decide("gzip", 200, typed("image/png"), 10_000)).isFalse();
    assertThat(ResponseCompression.decide("gzip", 200, new Headers(), 10_000)).isFalse();
    assertThat(ResponseCompression.decide("gzip", 204, typed("text/plain"), -1)).isFalse();
    assertThat(ResponseCompression.decide("gzip", 101, new Headers(), -1)).isFalse();
  }

  @Test
  void aNotModifiedCarriesTheVaryItsOkWouldHave() {
    Headers h = new Headers().set("ETag", "\"abc\"");
    assertThat(ResponseCompression.decide("gzip", 304, h, -1)).isFalse();
    assertThat(h.get("Vary")).isEqualTo("Accept-Encoding");
    assertThat(h.get("ETag")).isEqualTo("\"abc\"");
  }

  @Test
  void errorPagesAreCompressedToo() {
    assertThat(ResponseCompression.decide("gzip", 404, typed("text/html"), 2000)).isTrue();
  }
}
