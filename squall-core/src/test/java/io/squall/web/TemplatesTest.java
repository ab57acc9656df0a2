package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplatesTest {
  @TempDir Path dir;

  @Test
  void escapesHtmlByDefault() throws IOException {
    Files.writeString(dir.resolve("page.html"), "<p>{{ name }}</p>{{ trusted | raw }}");
    String html = new Templates(dir, false)
        .render("page.html", Map.of("name", "<script>alert('x')</script>", "trusted", "<b>ok</b>"));
    assertThat(html)
        .isEqualTo("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p><b>ok</b>");
  }

  @Test
  void rendersTemplatesInSubdirectoriesWithIncludes() throws IOException {
    Files.createDirectories(dir.resolve("user"));
    Files.writeString(dir.resolve("base.html"), "[{% block body %}{% endblock %}]");
    Files.writeString(dir.resolve("user/profile.html"),
        "{% extends \"base.html\" %}{% block body %}{{ user.name }}{% endblock %}");
    String html = new Templates(dir, false)
        .render("user/profile.html", Map.of("user", Map.of("name", "Ada")));
    assertThat(html).isEqualTo("[Ada]");
  }

  @Test
  void reloadPicksUpAnEditAtOnce() throws IOException {
    Path file = dir.resolve("page.html");
    Files.writeString(file, "one");
    Templates templates = new Templates(dir, true);
    assertThat(templates.render("page.html", Map.of())).isEqualTo("one");
    Files.writeString(file, "two");
    assertThat(templates.render("page.html", Map.of())).isEqualTo("two");
  }

  @Test
  void withoutReloadKeepsTheCompiledTemplate() throws IOException {
    Path file = dir.resolve("page.html");
    Files.writeString(file, "one");
    Templates templates = new Templates(dir, false);
    assertThat(templates.render("page.html", null)).isEqualTo("one");
    Files.writeString(file, "two");
    assertThat(templates.render("page.html", Map.of())).isEqualTo("one");
  }

  @Test
  void missingTemplateNamesTemplateAndDirectory() {
    Templates templates = new Templates(dir, false);
    assertThatThrownBy(() -> templates.render("nope.html", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Template 'nope.html' not found in " + dir.toAbsolutePath() + ".");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "../secret.html", "a/../../secret.html", "/etc/passwd", "..\\x", " ", "..", "page\u0000.html",
  })
  void refusesNamesThatCouldLeaveTheDirectory(String name) {
    Templates templates = new Templates(dir, false);
    assertThatThrownBy(() -> templates.render(name, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid template name '" + name + "'.");
  }

  @Test
  void refusesMissingDirectory() {
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> new Templates(missing, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Template directory " + missing + " does not exist.");
  }

  @Test
  void explainsMissingPebble() throws Exception {
    URL classes = Templates.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader withoutPebble =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> isolated = withoutPebble.loadClass(Templates.class.getName());
      assertThatThrownBy(() -> isolated.getConstructor(Path.class, boolean.class).newInstance(dir, false))
          .isInstanceOf(InvocationTargetException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Templates need io.pebbletemplates:pebble on the class path.");
    }
  }
}
