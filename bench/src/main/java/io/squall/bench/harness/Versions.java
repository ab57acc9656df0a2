package io.squall.bench.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The versions of every peer and runtime in this run: Maven's for the JVM peers, asked for the rest. */
public final class Versions {
  private final Map<String, String> values = new LinkedHashMap<>();

  public static Versions detect() {
    Versions v = new Versions();
    Properties p = new Properties();
    try (InputStream in = Versions.class.getResourceAsStream("/io/squall/bench/versions.properties")) {
      p.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("versions.properties missing from the bench jar", e);
    }
    p.stringPropertyNames().forEach(k -> v.values.put(k, p.getProperty(k)));
    v.values.put("jdk", Runtime.version().toString() + " (" + System.getProperty("java.vm.vendor") + ")");
    v.values.put("python", firstLine(run("/usr/bin/python3", "-c", "import platform; print(platform.python_version())")));
    v.values.put("tornado", firstLine(run("/usr/bin/python3", "-c", "import tornado; print(tornado.version)")));
    v.values.put("node", firstLine(run("node", "--version")).replaceFirst("^v", ""));
    v.values.put("node-ws", packageVersion(Path.of("/usr/share/nodejs/ws/package.json")));
    v.values.put("go", firstLine(run("go", "env", "GOVERSION")).replaceFirst("^go", ""));
    v.values.put("gorilla", firstLine(run("dpkg-query", "-W", "-f", "${Version}", "golang-github-gorilla-websocket-dev")));
    v.values.put("gcc", firstLine(run("gcc", "-dumpfullversion")));
    v.values.put("openssl", firstLine(run("dpkg-query", "-W", "-f", "${Version}", "libssl3")));
    return v;
  }

  public String get(String key) {
    return values.getOrDefault(key, "unknown");
  }

  public Map<String, String> asMap() {
    return values;
  }

  static String packageVersion(Path packageJson) {
    try {
      Matcher m = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(Files.readString(packageJson));
      return m.find() ? m.group(1) : "unknown";
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor(20, TimeUnit.SECONDS) ? out : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return t.isEmpty() ? "unknown" : nl < 0 ? t : t.substring(0, nl);
  }
}
