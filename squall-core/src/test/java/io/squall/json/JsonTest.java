package io.squall.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Point(int x, int y) {}

  @Test
  void encodesRecordsMapsAndLists() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("point", new Point(1, 2));
    value.put("tags", List.of("a", "b"));
    value.put("none", null);
    assertThat(Json.encode(value)).isEqualTo("{\"point\":{\"x\":1,\"y\":2},\"tags\":[\"a\",\"b\"],\"none\":null}");
  }

  @Test
  void escapesClosingTagsSoOutputIsSafeInsideScript() {
    String json = Json.encode(Map.of("html", "</script><script>alert(1)</script>"));
    assertThat(json).doesNotContain("</").contains("<\\/script>");
    assertThat(Json.decode(json, Map.class)).isEqualTo(Map.of("html", "</script><script>alert(1)</script>"));
  }

  @Test
  void encodesUtf8Bytes() {
    assertThat(Json.encodeBytes("Zürich")).isEqualTo("\"Zürich\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decodesIntoRecordsIgnoringUnknownProperties() {
    assertThat(Json.decode("{\"x\":3,\"y\":4,\"z\":5}", Point.class)).isEqualTo(new Point(3, 4));
  }

  @Test
  void rejectsInvalidJsonNamingTheType() {
    assertThatThrownBy(() -> Json.decode("{\"x\":", Point.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid JSON for Point: ");
    assertThatThrownBy(() -> Json.decode("[1]", Point.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid JSON for Point: ");
  }

  @Test
  void explainsMissingJackson() throws Exception {
    URL classes = Json.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader withoutJackson =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class<?> isolated = withoutJackson.loadClass(Json.class.getName());
      assertThatThrownBy(() -> isolated.getMethod("encode", Object.class).invoke(null, "x"))
          .isInstanceOf(InvocationTargetException.class)
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Json needs com.fasterxml.jackson.core:jackson-databind on the class path.");
    }
  }
}
