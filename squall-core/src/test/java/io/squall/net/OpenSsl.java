package io.squall.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key and certificate files made by the {@code openssl} command line, in the forms users bring:
 * what {@code genrsa}, {@code ecparam -genkey}, {@code pkcs8 -topk8} and {@code req -x509} write.
 * Without {@code openssl} a test fails and says so, rather than skipping unseen. One per test
 * directory; not thread-safe.
 */
final class OpenSsl {
  private final Path dir;

  OpenSsl(Path dir) {
    this.dir = dir;
  }

  /** A PKCS #1 RSA key ({@code BEGIN RSA PRIVATE KEY}), as older {@code openssl genrsa} writes by default. */
  Path rsaPkcs1(String name) {
    return run(name, "genrsa", "-traditional", "-out", name, "2048");
  }

  /** A SEC1 P-256 key ({@code BEGIN EC PRIVATE KEY}) after its {@code BEGIN EC PARAMETERS} block. */
  Path ecSec1(String name, String... options) {
    List<String> args = new ArrayList<>(List.of("ecparam", "-name", "prime256v1", "-genkey", "-out", name));
    args.addAll(List.of(options));
    return run(name, args.toArray(String[]::new));
  }

  /** {@code key} as encrypted PKCS #8 ({@code BEGIN ENCRYPTED PRIVATE KEY}): PBES2, AES-256-CBC. */
  Path encryptedPkcs8(Path key, String name, String password) {
    return run(name, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(), "-passout", "pass:" + password, "-out", name);
  }

  /** A self-signed certificate of {@code key} for {@code 127.0.0.1}, valid two days. */
  Path selfSigned(Path key, String name) {
    return run(name, "req", "-x509", "-key", key.toString(), "-subj", "/CN=squall-test",
        "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2", "-out", name);
  }

  /** Runs {@code openssl args} in the directory; returns the file {@code name} in it. */
  Path run(String name, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("These tests make their key files with the openssl command line, which is not installed"
          + " (apt-get install openssl): " + e.getMessage(), e);
    }
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish: " + e, e);
    }
    return dir.resolve(name);
  }
}
