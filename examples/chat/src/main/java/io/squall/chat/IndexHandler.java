package io.squall.chat;

import io.squall.web.RequestHandler;

/** {@code /} and {@code /index}: the chat page, the article's {@code IndexHandler} ({@code index.html}). */
public final class IndexHandler extends RequestHandler {
  @Override
  public void get() {
    Pages.render(this, "index.html");
  }
}
