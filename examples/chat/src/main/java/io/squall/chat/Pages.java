package io.squall.chat;

import io.squall.web.Application;
import io.squall.web.RequestHandler;
import io.squall.web.Settings;
import java.util.Map;

/**
 * What the chat's templates may use: {@code assets.url("chat.js")} gives a versioned static URL
 * that is <em>relative</em> ({@code static/chat.js?v=…}), so the pages keep working when a proxy
 * serves them under a sub-path such as {@code /chat/}; {@code maxMessageSize} lets the page refuse
 * a message the server would close the socket for.
 *
 * <p>Thread rule: stateless; used on the request's loop.
 */
final class Pages {
  private Pages() {}

  /** Versioned, relative URLs of files under {@code static_path}. */
  public record Assets(Application app) {
    public String url(String path) {
      String absolute = app.staticUrl(path);
      return absolute.startsWith("/") ? absolute.substring(1) : absolute;
    }
  }

  /**
   * Renders {@code template} with the model every chat page gets. The bundled pages carry their
   * own Content-Security-Policy in a {@code <meta>} tag (a page from another {@code --web-root},
   * such as the article's own with its inline script and CDN links, sets its own or none); the
   * headers here suit any page: no framing by another site, no type sniffing.
   */
  static void render(RequestHandler handler, String template) {
    handler.setHeader("Cache-Control", "no-cache");
    handler.setHeader("X-Frame-Options", "DENY");
    handler.setHeader("X-Content-Type-Options", "nosniff");
    handler.setHeader("Referrer-Policy", "same-origin");
    handler.render(template, Map.of(
        "assets", new Assets(handler.application()),
        "maxMessageSize", handler.settings().getLong(Settings.WEBSOCKET_MAX_MESSAGE_SIZE, ChatOptions.DEFAULT_MAX_MESSAGE_SIZE)));
  }
}
