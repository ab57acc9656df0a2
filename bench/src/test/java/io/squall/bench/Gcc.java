package io.squall.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Builds one of the bench's C programs as ./squall bench does (gcc -O2 -Wall), for the tests that run it. */
public final class Gcc {
  private Gcc() {}

  /**
   * Compiles {@code source} (relative to the bench module's directory, where Maven runs the tests)
   * into a fresh temporary directory, failing the test on an error or on any warning.
   */
  public static Path build(String source, String... libraries) throws IOException, InterruptedException {
    Path src = Path.of(source).toAbsolutePath();
    assertThat(src).exists();
    String name = src.getFileName().toString().replaceFirst("\\.c$", "");
    Path bin = Files.createTempDirectory(name).resolve(name);
    List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", bin.toString(), src.toString()));
    cmd.addAll(List.of(libraries));
    Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).as("gcc finished within 60 s").isTrue();
    assertThat(gcc.exitValue()).as(out).isZero();
    assertThat(out).as("gcc warnings").isEmpty();
    return bin;
  }
}
