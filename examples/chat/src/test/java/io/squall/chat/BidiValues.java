package io.squall.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Java values to WebDriver BiDi's local values (script arguments) and its remote values (script
 * results) back to Java, the way Selenium converts them: whole numbers as {@code Long}, others as
 * {@code Double}, arrays as lists, objects as maps, null and undefined as null.
 */
final class BidiValues {
  private BidiValues() {}

  static ObjectNode local(ObjectMapper json, Object value) {
    ObjectNode v = json.createObjectNode();
    switch (value) {
      case null -> v.put("type", "null");
      case String s -> v.put("type", "string").put("value", s);
      case Boolean b -> v.put("type", "boolean").put("value", b);
      case Integer i -> v.put("type", "number").put("value", i);
      case Long l -> v.put("type", "number").put("value", l);
      case Number n -> v.put("type", "number").put("value", n.doubleValue());
      case List<?> list -> {
        ArrayNode items = v.put("type", "array").putArray("value");
        list.forEach(item -> items.add(local(json, item)));
      }
      default -> throw new IllegalArgumentException("No BiDi form for " + value.getClass());
    }
    return v;
  }

  static Object remote(JsonNode v) {
    JsonNode value = v.path("value");
    return switch (v.path("type").asText()) {
      case "undefined", "null" -> null;
      case "string" -> value.asText();
      case "boolean" -> value.asBoolean();
      case "number" -> number(value);
      case "array" -> {
        List<Object> list = new ArrayList<>();
        value.forEach(item -> list.add(remote(item)));
        yield list;
      }
      case "object" -> {
        Map<String, Object> map = new LinkedHashMap<>();
        value.forEach(pair -> map.put(pair.get(0).isTextual() ? pair.get(0).asText() : String.valueOf(remote(pair.get(0))),
            remote(pair.get(1))));
        yield map;
      }
      default -> v; // a node, a window...: what the browser said, for a test that wants the handle
    };
  }

  private static Object number(JsonNode value) {
    if (value.isTextual()) { // NaN, -0, Infinity, -Infinity
      return value.asText().equals("-0") ? -0.0 : Double.valueOf(value.asText());
    }
    double d = value.asDouble();
    return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : (Object) d;
  }
}
