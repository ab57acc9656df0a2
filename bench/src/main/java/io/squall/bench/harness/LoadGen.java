package io.squall.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the C load generator (bench/loadgen/loadgen.c) pinned to core 1 and follows its JSON
 * event lines: "open", "window" (the measured window starts), "stage" (idle mode), "result".
 * Confined to the harness thread.
 */
public final class LoadGen {
  public static final String LOADGEN_CORE = "1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Called for each event line; {@code stdin} lets the idle mode be told to go on. */
  public interface Listener {
    void onEvent(JsonNode event, OutputStream stdin) throws IOException;
  }

  private final Path binary;

  public LoadGen(Path binary) {
    this.binary = binary;
  }

  /** Runs one load; returns the "result" event, or throws with the generator's complaint. */
  public JsonNode run(List<String> args, Path log, Listener listener) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c", LOADGEN_CORE, binary.toString()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    JsonNode result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        JsonNode ev = JSON.readTree(line);
        if ("result".equals(ev.path("event").asText())) {
          result = ev;
        }
        listener.onEvent(ev, p.getOutputStream());
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
    if (result == null || p.exitValue() != 0) {
      String why = java.nio.file.Files.readString(log).strip();
      throw new IOException(why.isEmpty() ? "load generator exited with " + p.exitValue() : lastLine(why));
    }
    return result;
  }

  static String lastLine(String s) {
    int i = s.lastIndexOf('\n');
    return i < 0 ? s : s.substring(i + 1);
  }
}
