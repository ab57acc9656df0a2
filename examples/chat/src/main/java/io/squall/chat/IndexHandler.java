package io.squall.chat;

import io.squall.web.RequestHandler;
import java.util.Map;

/** The chat page, the article's {@code IndexHandler}: renders {@code index.html}. */
public final class IndexHandler extends RequestHandler {
  @Override
  public void get() {
    render("index.html", Map.of("css", relative(staticUrl("chat.css")), "js", relative(staticUrl("chat.js"))));
  }

  /**
   * Static URLs relative to the page ("static/chat.js?v=…"), so that the page also works behind a
   * proxy that serves it under a path prefix such as /chat/.
   */
  static String relative(String absolute) {
    return absolute.startsWith("/") ? absolute.substring(1) : absolute;
  }
}
