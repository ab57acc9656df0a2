package io.squall.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustTest {
  @TempDir
  Path dir;

  @Test
  void saysAMissingCaFileIsMissing() {
    Path missing = dir.resolve("missing.pem");
    assertThatThrownBy(() -> Trust.pemFile(missing)).hasMessage(missing + ": no such file");
  }

  @Test
  void saysAFileWithoutACertificateHasNone() throws Exception {
    Path key = dir.resolve("key.pem");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> Trust.pemFile(key)).hasMessage("no certificate in it (expected -----BEGIN CERTIFICATE-----)");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertThatThrownBy(() -> Trust.pemFile(empty)).hasMessage("no certificate in it (expected -----BEGIN CERTIFICATE-----)");
  }
}
