package io.squall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An independent WebSocket client: a script under {@code src/test/resources/interop/} run by a
 * Debian interpreter ({@code /usr/bin/python3}, {@code /usr/bin/node}, {@code go run}) with its library from a
 * Debian package. {@link #run} checks that the package is installed (failing with its name, never
 * skipping: {@code ./squall test} installs it), runs the script bounded by a timeout and returns
 * its report, one JSON object per line: {@code {"case": "echo-text-125", "ok": true, ...}}.
 */
final class ClientScript {
  private static final long TIMEOUT_SECONDS = 30;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String interpreter;
  /** Arguments of the interpreter before the script ({@code go run}). */
  private final List<String> runArgs;
  private final String interpreterPackage;
  private final List<String> moduleCheck;
  private final String modulePackage;
  private final Map<String, String> env;
  private final String script;

  private ClientScript(String interpreter, List<String> runArgs, String interpreterPackage, List<String> moduleCheck,
      String modulePackage, Map<String, String> env, String script) {
    this.interpreter = interpreter;
    this.runArgs = runArgs;
    this.interpreterPackage = interpreterPackage;
    this.moduleCheck = moduleCheck;
    this.modulePackage = modulePackage;
    this.env = env;
    this.script = script;
  }

  /** A script for Debian's Python (not a pyenv one on PATH, which lacks Debian's modules). */
  static ClientScript python(String script, String module, String debianPackage) {
    return new ClientScript("/usr/bin/python3", List.of(), "python3", List.of("-c", "import " + module),
        debianPackage, Map.of(), script);
  }

  /** The same script with one more environment variable set for it. */
  ClientScript withEnv(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(env);
    more.put(name, value);
    return new ClientScript(interpreter, runArgs, interpreterPackage, moduleCheck, modulePackage, more, script);
  }

  /** A script for Debian's Node with the {@code ws} module of {@code node-ws}. */
  static ClientScript nodeWs(String script) {
    return new ClientScript("/usr/bin/node", List.of(), "nodejs", List.of("-e", "require('ws')"),
        "node-ws", Map.of("NODE_PATH", "/usr/share/nodejs"), script);
  }

  /**
   * A Go program using gorilla/websocket, built and run by Debian's Go in GOPATH mode against the
   * source that {@code golang-github-gorilla-websocket-dev} installs.
   */
  static ClientScript goGorilla(String script) {
    return new ClientScript("/usr/bin/go", List.of("run"), "golang-go", List.of("list", "github.com/gorilla/websocket"),
        "golang-github-gorilla-websocket-dev", Map.of("GO111MODULE", "off", "GOPATH", "/usr/share/gocode",
            "GOCACHE", Path.of(System.getProperty("java.io.tmpdir"), "squall-go-build").toString()), script);
  }

  /** Runs the script with {@code args}; fails when its library is missing or it does not finish. */
  Report run(String... args) throws Exception {
    assertThat(Path.of(interpreter)).as("%s not found: install the Debian package %s (./squall test does)",
        interpreter, interpreterPackage).isExecutable();
    List<String> check = new ArrayList<>(List.of(interpreter));
    check.addAll(moduleCheck);
    Output probe = exec(check);
    assertThat(probe.exitCode()).as("%s cannot load its library: install the Debian package %s (./squall test does)%n%s",
        interpreter, modulePackage, probe.transcript()).isZero();

    List<String> command = new ArrayList<>(List.of(interpreter));
    command.addAll(runArgs);
    command.add(resource(script).toString());
    command.addAll(List.of(args));
    return new Report(exec(command));
  }

  private Output exec(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("squall-interop-", ".out");
    Path err = Files.createTempFile("squall-interop-", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      boolean finished = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      Output o = new Output(command, finished ? p.exitValue() : -1, Files.readString(out), Files.readString(err));
      assertThat(finished).as("%s did not finish within %d s%n%s", command, TIMEOUT_SECONDS, o.transcript()).isTrue();
      return o;
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    URL url = ClientScript.class.getResource("/interop/" + name);
    assertThat(url).as("test resource interop/%s", name).isNotNull();
    return Path.of(url.toURI());
  }

  /** What a finished process printed. */
  record Output(List<String> command, int exitCode, String stdout, String stderr) {
    String transcript() {
      return "$ " + String.join(" ", command) + "\n[exit " + exitCode + "]\n--- stdout ---\n" + stdout
          + "--- stderr ---\n" + stderr;
    }
  }

  /** A script's results by case name; every assertion message carries the whole transcript. */
  static final class Report {
    private final Output output;
    private final Map<String, JsonNode> cases = new LinkedHashMap<>();

    Report(Output output) throws IOException {
      this.output = output;
      for (String line : output.stdout().split("\n")) {
        if (line.startsWith("{")) {
          JsonNode node = JSON.readTree(line);
          cases.put(node.path("case").asText(), node);
        }
      }
    }

    /** The report of {@code name}, asserted present and ok. */
    JsonNode passed(String name) {
      JsonNode node = cases.get(name);
      assertThat(node).as("no report for case '%s'%n%s", name, output.transcript()).isNotNull();
      assertThat(node.path("ok").asBoolean()).as("case '%s' failed: %s%n%s", name, node, output.transcript()).isTrue();
      return node;
    }

    /** Asserts the script exited 0 and every case it ran passed. */
    void assertAllPassed() {
      assertThat(cases).as("no case reported%n%s", output.transcript()).isNotEmpty();
      cases.forEach((name, node) -> passed(name));
      assertThat(output.exitCode()).as("exit code%n%s", output.transcript()).isZero();
    }

    String transcript() {
      return output.transcript();
    }
  }
}
