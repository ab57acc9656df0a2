package io.squall.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Versions of the non-JVM peers, asked from their interpreters. */
final class Versions {
  private Versions() {}

  static String python(String code) {
    return run("/usr/bin/python3", "-c", code);
  }

  static String node() {
    return run("/usr/bin/node", "-e", "process.env.NODE_PATH='/usr/share/nodejs';require('module').Module._initPaths();"
        + "console.log(require('ws/package.json').version)");
  }

  private static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return p.exitValue() == 0 ? out : "unknown";
    } catch (Exception e) {
      return "unknown";
    }
  }
}
