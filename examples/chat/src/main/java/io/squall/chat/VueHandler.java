package io.squall.chat;

import io.squall.web.RequestHandler;
import java.util.Map;

/** The article's Vue client as a page: {@code vue.html}, using the vendored Vue 3 global build. */
public final class VueHandler extends RequestHandler {
  @Override
  public void get() {
    render("vue.html", Map.of("css", IndexHandler.relative(staticUrl("chat.css")),
        "vue", IndexHandler.relative(staticUrl("vendor/vue.global.prod.js")), "js", IndexHandler.relative(staticUrl("vue-chat.js"))));
  }
}
