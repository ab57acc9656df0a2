package io.squall.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.FileLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Renders Pebble templates from a directory, with HTML autoescaping on: {@code {{ name }}} writes
 * {@code &lt;script&gt;}, never {@code <script>}; {@code {{ html | raw }}} opts out. In reload (debug)
 * mode nothing is cached, so an edited template shows on the next render, as Tornado's
 * {@code compiled_template_cache=False}.
 *
 * <p>Rendered by a handler ({@link RequestHandler#render}), the model also holds {@code handler},
 * whose public methods are the templates' helpers, as Tornado's template namespace: {@code {{
 * handler.staticUrl('app.js') }}}, {@code {{ handler.reverseUrl('story', story.id) }}}, {@code {{
 * handler.xsrfFormHtml() | raw }}}.
 *
 * <p>Pebble is an optional dependency: without {@code io.pebbletemplates:pebble} on the class path
 * the constructor throws "Templates need io.pebbletemplates:pebble on the class path." Pebble types
 * are touched only inside {@link Engine}, which is loaded after that check.
 *
 * <p>Thread rule: safe from any thread (Pebble engines and compiled templates are thread-safe).
 */
public final class Templates {
  private static final String PEBBLE_CLASS = "io.pebbletemplates.pebble.PebbleEngine";

  private final Path directory;
  /** Created only after the class-path check, so loading Templates never loads Pebble. */
  private final Engine engine;

  /**
   * Templates under {@code templateDir}; with {@code reload} (debug mode) every render reads the
   * file again.
   */
  public Templates(Path templateDir, boolean reload) {
    Objects.requireNonNull(templateDir, "templateDir");
    try {
      Class.forName(PEBBLE_CLASS, false, Templates.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Templates need io.pebbletemplates:pebble on the class path.", e);
    }
    this.directory = templateDir.toAbsolutePath().normalize();
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("Template directory " + directory + " does not exist.");
    }
    this.engine = new Engine(directory, reload);
  }

  /** The template directory, absolute. */
  public Path directory() {
    return directory;
  }

  /**
   * Renders the template {@code name}, a path relative to the directory ({@code "user/page.html"}),
   * with {@code model} as its variables. A missing template throws {@link IllegalArgumentException}
   * naming the template and the directory; names with {@code ..}, a leading {@code /}, a backslash
   * or a control character are refused, so a name can never leave the directory. Pebble syntax and evaluation errors
   * propagate as Pebble's own exceptions, which carry the template name and line.
   */
  public String render(String name, Map<String, Object> model) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.startsWith("/") || name.indexOf('\\') >= 0
        || ("/" + name + "/").contains("/../") || name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("Invalid template name '" + name + "'.");
    }
    if (!Files.isRegularFile(directory.resolve(name))) {
      throw new IllegalArgumentException("Template '" + name + "' not found in " + directory + ".");
    }
    return engine.render(name, model == null ? Map.of() : model);
  }

  @Override
  public String toString() {
    return "Templates[" + directory + "]";
  }

  /** The only code that names Pebble types. */
  private static final class Engine {
    private final PebbleEngine pebble;

    Engine(Path directory, boolean reload) {
      FileLoader loader = new FileLoader();
      loader.setPrefix(directory.toString());
      this.pebble = new PebbleEngine.Builder()
          .loader(loader)
          .autoEscaping(true)
          .defaultEscapingStrategy("html")
          .cacheActive(!reload)
          .build();
    }

    String render(String name, Map<String, Object> model) {
      StringWriter out = new StringWriter();
      try {
        pebble.getTemplate(name).evaluate(out, model);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot render template '" + name + "'.", e);
      }
      return out.toString();
    }
  }
}
