package io.squall.chat;

import io.squall.web.RequestHandler;

/** {@code /vue}: the article's Vue component as a page ({@code vue.html}), on the same socket. */
public final class VueHandler extends RequestHandler {
  @Override
  public void get() {
    Pages.render(this, "vue.html");
  }
}
