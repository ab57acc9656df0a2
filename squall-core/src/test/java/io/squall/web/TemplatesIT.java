package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code render} with Pebble templates from {@code template_path}, through a real server. */
class TemplatesIT {
  @TempDir Path templates;

  /** Renders the template its path names with a fixed model; the user comes from {@code ?user=}. */
  public static final class Page extends RequestHandler {
    @Override
    public Object getCurrentUser() {
      return getArgument("user", null);
    }

    @Override
    public void get() {
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("title", getArgument("title", "Chat"));
      model.put("items", List.of("one", "<two>"));
      render(pathArg(0), model);
    }

    /** For templates: {{ handler.greeting() }}. */
    public String greeting() {
      return "hi from " + getClass().getSimpleName();
    }
  }

  private Application start(boolean debug) {
    return Application.builder()
        .route("/page/(.+)", Page.class, "page")
        .route("/", Page.class, "home")
        .route("/story/([0-9]+)/(?<part>[a-z]+)", Page.class, "story")
        .route("/archive/(\\d{4})/(\\d{2})/([^/]+)", Page.class, "post")
        .setting(Settings.TEMPLATE_PATH, templates)
        .setting(Settings.DEBUG, debug)
        .build()
        .listen("127.0.0.1", 0);
  }

  private void template(String name, String text) throws IOException {
    Files.writeString(templates.resolve(name), text);
  }

  @Test
  void rendersTheModelAsHtml() throws IOException {
    template("list.html", "<h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul>");
    Application app = start(false);
    try {
      HttpResponse<String> r = new WebClient(app).get("/page/list.html?title=Room%201");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/html; charset=UTF-8");
      assertThat(r.body()).isEqualTo("<h1>Room 1</h1><ul><li>one</li><li>&lt;two&gt;</li></ul>");
    } finally {
      app.stop();
    }
  }

  @Test
  void escapesScriptInValues() throws IOException {
    template("title.html", "<title>{{ title }}</title>");
    Application app = start(false);
    try {
      String body = new WebClient(app).get("/page/title.html?title=%3Cscript%3Ealert(%22x%22)%3C/script%3E").body();
      assertThat(body).isEqualTo("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>");
    } finally {
      app.stop();
    }
  }

  @Test
  void handlerRequestAndCurrentUserAreVisible() throws IOException {
    template("context.html",
        "{{ handler.greeting() }}|{{ handler.pathArgs[0] }}|{{ request.path }}|{{ request.method }}|{{ currentUser }}");
    Application app = start(false);
    try {
      String body = new WebClient(app).get("/page/context.html?user=%3Cada%3E").body();
      assertThat(body).isEqualTo("hi from Page|context.html|/page/context.html|GET|&lt;ada&gt;");
    } finally {
      app.stop();
    }
  }

  @Test
  void xsrfFormHtmlRendersRawThroughTheHandler() throws IOException {
    template("form.html", "<form>{{ handler.xsrfFormHtml() | raw }}</form>");
    Application app = start(false);
    try {
      HttpResponse<String> r = new WebClient(app).get("/page/form.html");
      assertThat(r.body()).matches("<form><input type=\"hidden\" name=\"_xsrf\" value=\"2\\|[0-9a-f|]+\"/></form>");
      assertThat(r.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).startsWith("_xsrf=2|"));
    } finally {
      app.stop();
    }
  }

  /** Tornado's {@code reverse_url} in templates: through the handler, with zero to three arguments. */
  @Test
  void reverseUrlIsATemplateHelper() throws IOException {
    template("links.html", "{{ handler.reverseUrl('home') }}|{{ handler.reverseUrl('page', 'a b.html') }}"
        + "|{{ handler.reverseUrl('story', 42, 'intro') }}|{{ handler.reverseUrl('post', 2024, '05', 'x&y') }}");
    Application app = start(false);
    try {
      String body = new WebClient(app).get("/page/links.html").body();
      assertThat(body).isEqualTo("/|/page/a%20b.html|/story/42/intro|/archive/2024/05/x%26y");
    } finally {
      app.stop();
    }
  }

  @Test
  void debugShowsAnEditedTemplateAtOnce() throws IOException {
    template("edit.html", "version one");
    Application app = start(true);
    try {
      WebClient http = new WebClient(app);
      assertThat(http.get("/page/edit.html").body()).isEqualTo("version one");
      template("edit.html", "version two");
      assertThat(http.get("/page/edit.html").body()).isEqualTo("version two");
    } finally {
      app.stop();
    }
  }

  @Test
  void withoutDebugTheCachedTemplateStays() throws IOException {
    template("edit.html", "version one");
    Application app = start(false);
    try {
      WebClient http = new WebClient(app);
      assertThat(http.get("/page/edit.html").body()).isEqualTo("version one");
      template("edit.html", "version two");
      assertThat(http.get("/page/edit.html").body()).isEqualTo("version one");
    } finally {
      app.stop();
    }
  }

  @Test
  void missingTemplateIsA500WithoutItsPath() throws IOException {
    Application app = start(false);
    try {
      HttpResponse<String> r = new WebClient(app).get("/page/missing.html");
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).doesNotContain(templates.toString());
    } finally {
      app.stop();
    }
  }

  @Test
  void templateNameCannotLeaveTheDirectory() throws IOException {
    Files.writeString(templates.getParent().resolve("outside-" + templates.getFileName() + ".html"), "leaked");
    Application app = start(false);
    try {
      HttpResponse<String> r = new WebClient(app).get("/page/..%2Foutside-" + templates.getFileName() + ".html");
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.body()).doesNotContain("leaked");
    } finally {
      app.stop();
      Files.deleteIfExists(templates.getParent().resolve("outside-" + templates.getFileName() + ".html"));
    }
  }
}
