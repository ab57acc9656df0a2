package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {
  @TempDir Path temp;
  private Path root;
  private StaticFiles files;

  @BeforeEach
  void createTree() throws IOException {
    root = Files.createDirectories(temp.resolve("static"));
    Files.writeString(temp.resolve("secret.txt"), "outside the root");
    Files.createDirectories(root.resolve("css"));
    Files.writeString(root.resolve("css/app.css"), "body{}");
    Files.writeString(root.resolve("hello world.txt"), "hi");
    Files.writeString(root.resolve("%2e"), "a file literally named %2e");
    Files.writeString(root.resolve("Zürich.txt"), "grüezi");
    files = new StaticFiles(root);
  }

  @Test
  void resolvesFilesUnderTheRoot() throws IOException {
    assertThat(files.resolve("css/app.css")).contains(root.toRealPath().resolve("css/app.css"));
    assertThat(files.resolve("hello%20world.txt")).isPresent();
    assertThat(files.resolve("Z%C3%BCrich.txt")).isPresent();
    assertThat(files.resolve("css%2fapp.css")).as("encoded slash inside the root").isPresent();
    assertThat(files.resolve("css/./app.css")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "../secret.txt", "css/../../secret.txt", "%2e%2e/secret.txt", "%2E%2E/secret.txt",
      "..%2fsecret.txt", "..%2Fsecret.txt", "css/..%2f..%2fsecret.txt", "..%5csecret.txt",
      "..\\secret.txt", "css\\app.css", "/etc/passwd", "%2fetc%2fpasswd", "css/app.css%00.txt",
      "css/app.css\u0000", "..", "%2e%2e", "", "css/../css/app.css",
  })
  void refusesPathsThatLeaveTheRootOrAreUnsafe(String urlPath) {
    assertThat(files.resolve(urlPath)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%2", "%zz", "abc%", "%C3%28.txt", "%FF"})
  void refusesBadPercentEncoding(String urlPath) {
    assertThat(files.resolve(urlPath)).isEmpty();
  }

  @Test
  void decodesExactlyOnce() {
    // %252e decodes to the literal name "%2e", never on to "."
    assertThat(files.resolve("%252e")).map(p -> p.getFileName().toString()).contains("%2e");
    assertThat(files.resolve("%252e%252e/secret.txt")).isEmpty();
  }

  @Test
  void refusesDirectoriesAndMissingFiles() {
    assertThat(files.resolve("css")).isEmpty();
    assertThat(files.resolve("css/")).isEmpty();
    assertThat(files.resolve("css/missing.css")).isEmpty();
  }

  @Test
  void refusesSymlinkOutOfTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("escape.txt"), temp.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("outdir"), temp);
    assertThat(files.resolve("escape.txt")).isEmpty();
    assertThat(files.resolve("outdir/secret.txt")).isEmpty();
  }

  @Test
  void followsSymlinkInsideTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("alias.css"), root.resolve("css/app.css"));
    assertThat(files.resolve("alias.css")).contains(root.toRealPath().resolve("css/app.css"));
  }

  @Test
  void rootIsReal() throws IOException {
    Path link = Files.createSymbolicLink(temp.resolve("link"), root);
    assertThat(new StaticFiles(link).root()).isEqualTo(root.toRealPath());
    assertThat(new StaticFiles(link).resolve("css/app.css")).isPresent();
  }

  @Test
  void refusesMissingRoot() {
    Path missing = temp.resolve("missing");
    assertThatThrownBy(() -> new StaticFiles(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Static root '" + missing + "' does not exist.");
    assertThatThrownBy(() -> new StaticFiles(temp.resolve("secret.txt")))
        .hasMessage("Static root '" + temp.resolve("secret.txt") + "' is not a directory.");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "index.html|text/html; charset=UTF-8", "APP.CSS|text/css; charset=UTF-8",
      "app.js|text/javascript; charset=UTF-8", "mod.mjs|text/javascript; charset=UTF-8",
      "data.json|application/json", "app.js.map|application/json", "logo.svg|image/svg+xml",
      "a.png|image/png", "a.jpg|image/jpeg", "a.jpeg|image/jpeg", "a.gif|image/gif",
      "a.webp|image/webp", "favicon.ico|image/x-icon", "robots.txt|text/plain; charset=UTF-8",
      "f.woff|font/woff", "f.woff2|font/woff2", "m.wasm|application/wasm",
      "feed.xml|application/xml", "doc.pdf|application/pdf",
      "archive.tar|application/octet-stream", "README|application/octet-stream",
  })
  void namesContentTypes(String name, String type) {
    assertThat(StaticFiles.contentType(Path.of(name))).isEqualTo(type);
  }

  @Test
  void etagIsAQuotedPrefixOfTheSha256() {
    // the ETag carries the first 32 hex digits of SHA-256("body{}")
    Path css = files.resolve("css/app.css").orElseThrow();
    assertThat(files.etag(css)).matches("\"[0-9a-f]{32}\"");
    assertThat(files.versionHash(css)).matches("[0-9a-f]{16}");
    assertThat(files.etag(css)).startsWith("\"" + files.versionHash(css));
    assertThat(files.etag(css)).isEqualTo("\"" + sha256Hex("body{}").substring(0, 32) + "\"");
  }

  @Test
  void etagFollowsContentChanges() throws IOException {
    Path css = files.resolve("css/app.css").orElseThrow();
    String before = files.etag(css);
    assertThat(files.etag(css)).isEqualTo(before);
    Files.writeString(css, "body{color:red}");
    Files.setLastModifiedTime(css, FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(files.etag(css)).isNotEqualTo(before)
        .isEqualTo("\"" + sha256Hex("body{color:red}").substring(0, 32) + "\"");
  }

  @Test
  void sameContentGivesTheSameEtag() throws IOException {
    Files.writeString(root.resolve("copy.css"), "body{}");
    assertThat(files.etag(root.resolve("copy.css")))
        .isEqualTo(files.etag(files.resolve("css/app.css").orElseThrow()));
  }

  @Test
  void fileAboveTheHashLimitIsIdentifiedBySizeAndModificationTime() throws IOException {
    Path big = root.resolve("big.bin");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(StaticFiles.MAX_HASHED_BYTES + 1); // sparse: nothing to read but zeros
    }
    Instant modified = Instant.parse("2026-01-02T03:04:05.123456789Z");
    Files.setLastModifiedTime(big, FileTime.from(modified));
    FileTime stored = Files.getLastModifiedTime(big); // as precise as the file system keeps it
    assertThat(files.etag(big)).isEqualTo("\"" + sha256Hex(
        "size " + (StaticFiles.MAX_HASHED_BYTES + 1) + " modified " + stored.toInstant()).substring(0, 32) + "\"");
    String before = files.etag(big);
    Files.setLastModifiedTime(big, FileTime.from(modified.plusSeconds(1))); // same bytes, a new version
    assertThat(files.etag(big)).isNotEqualTo(before);
    assertThat(files.versionHash(big)).isEqualTo(files.etag(big).substring(1, 17));
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
