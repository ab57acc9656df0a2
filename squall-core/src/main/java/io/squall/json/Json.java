package io.squall.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * JSON in and out through one shared Jackson {@link ObjectMapper}, as Tornado's
 * {@code json_encode} / {@code json_decode}. Output escapes {@code </} as {@code <\/} (still the
 * same JSON), so an encoded value can sit inside {@code <script>} without closing it.
 *
 * <p>Jackson is an optional dependency: without {@code com.fasterxml.jackson.core:jackson-databind}
 * on the class path every method throws "Json needs com.fasterxml.jackson.core:jackson-databind on
 * the class path." Jackson types are touched only inside {@link Mapper}, loaded after that check.
 *
 * <p>Thread rule: safe from any thread (a configured ObjectMapper is thread-safe).
 */
public final class Json {
  private static final boolean JACKSON_PRESENT = isPresent("com.fasterxml.jackson.databind.ObjectMapper");

  private Json() {}

  /** {@code value} as JSON text; records, maps, lists, strings, numbers, booleans and null. */
  public static String encode(Object value) {
    requireJackson();
    return Mapper.encode(value).replace("</", "<\\/");
  }

  /** {@link #encode} as UTF-8 bytes (JSON's only encoding, RFC 8259 §8.1). */
  public static byte[] encodeBytes(Object value) {
    return encode(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses {@code json} into a {@code type} (a record, a class, {@code Map.class}...). Properties
   * the type does not declare are ignored. Invalid JSON or a shape that does not fit throws
   * {@link IllegalArgumentException} ("Invalid JSON for Point: ..."), which a handler answers 400.
   */
  public static <T> T decode(String json, Class<T> type) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(type, "type");
    requireJackson();
    return Mapper.decode(json, type);
  }

  private static void requireJackson() {
    if (!JACKSON_PRESENT) {
      throw new IllegalStateException(
          "Json needs com.fasterxml.jackson.core:jackson-databind on the class path.");
    }
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, Json.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The only code that names Jackson types; initialised on first use. */
  private static final class Mapper {
    private static final ObjectMapper MAPPER =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static String encode(Object value) {
      try {
        return MAPPER.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        String type = value == null ? "null" : value.getClass().getName();
        throw new IllegalArgumentException("Cannot encode " + type + " as JSON: " + e.getOriginalMessage(), e);
      }
    }

    static <T> T decode(String json, Class<T> type) {
      try {
        return MAPPER.readValue(json, type);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "Invalid JSON for " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
      }
    }
  }
}
