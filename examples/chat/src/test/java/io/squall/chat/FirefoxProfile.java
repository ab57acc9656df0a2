package io.squall.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A fresh Firefox profile that keeps the browser on loopback: every request for a host outside
 * 127.0.0.0/8 and ::1 goes to a proxy address where nothing listens (so it fails at once, as the
 * article page's CDN links must), name lookups over HTTPS are off, and so are the updates,
 * telemetry, safe-browsing lists and connectivity probes a first start would fetch.
 */
final class FirefoxProfile {
  private FirefoxProfile() {}

  /** Creates the profile folder with its {@code user.js}; {@code deadPort} is a loopback port nothing listens on. */
  static Path create(int deadPort) {
    Path dir = TestPaths.newFolder("firefox-profile-");
    Map<String, Object> prefs = new java.util.LinkedHashMap<>();
    prefs.put("network.proxy.type", 1);
    prefs.put("network.proxy.http", "127.0.0.1");
    prefs.put("network.proxy.http_port", deadPort);
    prefs.put("network.proxy.ssl", "127.0.0.1");
    prefs.put("network.proxy.ssl_port", deadPort);
    prefs.put("network.proxy.share_proxy_settings", true);
    prefs.put("network.proxy.no_proxies_on", "localhost, 127.0.0.0/8, ::1");
    prefs.put("network.proxy.allow_hijacking_localhost", false);
    prefs.put("network.trr.mode", 5);
    prefs.put("network.dns.disablePrefetch", true);
    prefs.put("network.prefetch-next", false);
    prefs.put("network.captive-portal-service.enabled", false);
    prefs.put("network.connectivity-service.enabled", false);
    prefs.put("app.update.enabled", false);
    prefs.put("app.normandy.enabled", false);
    prefs.put("toolkit.telemetry.enabled", false);
    prefs.put("datareporting.policy.dataSubmissionEnabled", false);
    prefs.put("datareporting.healthreport.uploadEnabled", false);
    prefs.put("browser.safebrowsing.malware.enabled", false);
    prefs.put("browser.safebrowsing.phishing.enabled", false);
    prefs.put("browser.safebrowsing.downloads.enabled", false);
    prefs.put("extensions.update.enabled", false);
    prefs.put("browser.shell.checkDefaultBrowser", false);
    prefs.put("browser.startup.homepage_override.mstone", "ignore");
    prefs.put("browser.startup.page", 0);
    // Background windows keep their timers: the tests poll pages that are not in front.
    prefs.put("dom.min_background_timeout_value", 4);
    String userJs = prefs.entrySet().stream()
        .map(e -> "user_pref(\"" + e.getKey() + "\", " + literal(e.getValue()) + ");")
        .collect(Collectors.joining("\n", "", "\n"));
    try {
      Files.writeString(dir.resolve("user.js"), userJs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static String literal(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
