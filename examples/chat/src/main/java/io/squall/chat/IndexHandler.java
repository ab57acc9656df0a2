package io.squall.chat;

import io.squall.web.RequestHandler;
import java.util.Map;

/** The chat page, the article's {@code IndexHandler}: renders {@code index.html}. */
public final class IndexHandler extends RequestHandler {
  @Override
  public void get() {
    render("index.html", Map.of());
  }
}
