package io.squall.http;

import io.squall.http.internal.HttpChars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The header fields of a request or response: a case-insensitive multimap that keeps the order in
 * which pairs were added and, for each name, the spelling it was first added with.
 *
 * <p>Not thread-safe: a request's headers belong to the loop that parsed it until handed to a
 * handler; response headers are filled by one thread.
 *
 * <p>Names must be tokens and values may hold no control character but HTAB (RFC 9110 §5.1,
 * §5.5), so no value can split a response (CR LF injection), and no character past U+00FF (values
 * are sent as ISO-8859-1 octets: it could only be replaced); a bad one throws {@link
 * IllegalArgumentException}. Lookups scan the pairs without allocating: with the dozen fields a
 * request carries, that beats hashing. Adding stays cheap at any size: past 16 pairs the first
 * spellings move into a hash index, so a head packed with thousands of distinct names (as many as
 * maxHeaderBytes admits) is parsed in linear time, not quadratic.
 */
public final class Headers {
  private static final int INITIAL_CAPACITY = 8;
  private static final int INDEX_THRESHOLD = 16;

  /**
   * Names and values that nearly every request carries, shared instead of kept as one copy per
   * request: an open WebSocket keeps its handshake request for its whole life.
   */
  private static final Map<String, String> COMMON = common(
      "Host", "Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions",
      "Sec-WebSocket-Protocol", "Origin", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Cookie",
      "Cache-Control", "Pragma", "Content-Length", "Content-Type", "X-Real-IP", "X-Forwarded-For",
      "X-Forwarded-Proto", "websocket", "Upgrade", "upgrade", "13", "keep-alive", "keep-alive, Upgrade", "no-cache",
      "gzip, deflate, br", "permessage-deflate; client_max_window_bits", "*/*");

  private static Map<String, String> common(String... strings) {
    Map<String, String> m = new HashMap<>();
    for (String s : strings) {
      m.put(s, s);
    }
    return Map.copyOf(m);
  }

  /** Shared by every empty instance: a header set costs no arrays until its first pair. */
  private static final String[] NONE = new String[0];

  /** Name, value, name, value…: one array rather than two, trimmed when a request is complete. */
  private String[] pairs = NONE;
  private int size;
  /** Lower-case name to first spelling; null until the pairs outgrow {@link #INDEX_THRESHOLD}. */
  private Map<String, String> spellings;

  public Headers() {}

  /** Appends a pair, keeping any earlier values of the name. */
  public Headers add(String name, String value) {
    String spelling = spellingOf(checkName(name));
    append(spelling, checkValue(name, value));
    return this;
  }

  /** Replaces every value of the name with one, at the position of its first pair. */
  public Headers set(String name, String value) {
    checkValue(checkName(name), value);
    int first = indexOf(name, 0);
    if (first < 0) {
      append(spellingOf(name), value);
    } else {
      pairs[2 * first + 1] = value;
      removeFrom(name, first + 1);
    }
    return this;
  }

  /** The first value of the name, or null. */
  public String get(String name) {
    int i = indexOf(name, 0);
    return i < 0 ? null : pairs[2 * i + 1];
  }

  /** Every value of the name in order; empty when there is none. The list is unmodifiable. */
  public List<String> getAll(String name) {
    int i = indexOf(name, 0);
    if (i < 0) {
      return List.of();
    }
    List<String> all = new ArrayList<>(2);
    for (; i >= 0; i = indexOf(name, i + 1)) {
      all.add(pairs[2 * i + 1]);
    }
    return Collections.unmodifiableList(all);
  }

  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  /**
   * Whether any value of the name, read as a comma-separated list, has the token as an element,
   * compared without case: {@code containsToken("Connection", "upgrade")} for {@code Connection:
   * keep-alive, Upgrade}.
   */
  public boolean containsToken(String name, String token) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      if (hasListElement(pairs[2 * i + 1], token)) {
        return true;
      }
    }
    return false;
  }

  /** Removes every pair of the name. */
  public Headers remove(String name) {
    removeFrom(name, 0);
    if (spellings != null) {
      spellings.remove(name.toLowerCase(Locale.ROOT));
    }
    return this;
  }

  /**
   * Removes every pair whose name the predicate accepts, then drops the spare capacity: for headers
   * kept long after their use (an open WebSocket lets its handshake's own fields go).
   */
  public Headers removeIf(Predicate<String> name) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!name.test(pairs[2 * i])) {
        pairs[2 * kept] = pairs[2 * i];
        pairs[2 * kept + 1] = pairs[2 * i + 1];
        kept++;
      }
    }
    Arrays.fill(pairs, 2 * kept, 2 * size, null);
    size = kept;
    trimToSize();
    return this;
  }

  /** Removes every pair and releases the arrays (a long-lived request or response keeps nothing). */
  public Headers clear() {
    pairs = NONE;
    size = 0;
    spellings = null;
    return this;
  }

  /** The distinct names in order of first appearance, each in its first spelling; a snapshot. */
  public Set<String> names() {
    Set<String> result = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      result.add(pairs[2 * i]);
    }
    return Collections.unmodifiableSet(result);
  }

  /** Calls the action with every pair in order; a name repeats once per value. */
  public void forEach(BiConsumer<String, String> action) {
    for (int i = 0; i < size; i++) {
      action.accept(pairs[2 * i], pairs[2 * i + 1]);
    }
  }

  /**
   * Drops the spare capacity and the spelling index: a request's headers are complete once its head
   * is parsed, and an open WebSocket keeps them for its whole life. Later adds stay correct (the
   * spelling is then found by a scan).
   */
  void trimToSize() {
    if (pairs.length > 2 * size) {
      pairs = size == 0 ? NONE : Arrays.copyOf(pairs, 2 * size);
    }
    spellings = null;
  }

  /** The number of name/value pairs. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The pairs in order: {@code [Host: example.com, Accept: text/html]}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      b.append(i == 0 ? "" : ", ").append(pairs[2 * i]).append(": ").append(pairs[2 * i + 1]);
    }
    return b.append(']').toString();
  }

  private int indexOf(String name, int from) {
    for (int i = from; i < size; i++) {
      if (pairs[2 * i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The spelling the name was first added with, or the name itself when it is new. */
  private String spellingOf(String name) {
    if (spellings != null) {
      String known = spellings.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      return known != null ? known : name;
    }
    int i = indexOf(name, 0);
    return i < 0 ? name : pairs[2 * i];
  }

  private void append(String name, String value) {
    name = COMMON.getOrDefault(name, name);
    value = COMMON.getOrDefault(value, value);
    if (2 * size == pairs.length) {
      pairs = Arrays.copyOf(pairs, size == 0 ? 2 * INITIAL_CAPACITY : 4 * size);
    }
    pairs[2 * size] = name;
    pairs[2 * size + 1] = value;
    size++;
    if (size == INDEX_THRESHOLD && spellings == null) {
      spellings = new HashMap<>();
      for (int i = 0; i < size; i++) {
        spellings.putIfAbsent(pairs[2 * i].toLowerCase(Locale.ROOT), pairs[2 * i]);
      }
    }
  }

  private void removeFrom(String name, int from) {
    int kept = from;
    for (int i = from; i < size; i++) {
      if (!pairs[2 * i].equalsIgnoreCase(name)) {
        pairs[2 * kept] = pairs[2 * i];
        pairs[2 * kept + 1] = pairs[2 * i + 1];
        kept++;
      }
    }
    Arrays.fill(pairs, 2 * kept, 2 * size, null);
    size = kept;
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!HttpChars.isToken(name)) {
      throw new IllegalArgumentException("Header name " + HttpChars.quote(name) + " is not a token.");
    }
    return name;
  }

  private static String checkValue(String name, String value) {
    Objects.requireNonNull(value, "value");
    int bad = HttpChars.indexOfForbiddenControl(value);
    for (int i = 0; bad < 0 && i < value.length(); i++) {
      if (value.charAt(i) > 0xFF) { // a field value is octets: one char, one ISO-8859-1 byte, or it went out as '?'
        bad = i;
      }
    }
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "Invalid character " + HttpChars.hex(value.charAt(bad)) + " in value of header " + name + ".");
    }
    return value;
  }

  /** Whether a comma-separated list has the element, trimmed of OWS, compared without case. */
  private static boolean hasListElement(String list, String element) {
    int start = 0;
    while (start <= list.length()) {
      int end = list.indexOf(',', start);
      if (end < 0) {
        end = list.length();
      }
      int s = start;
      int e = end;
      while (s < e && HttpChars.isOws(list.charAt(s))) {
        s++;
      }
      while (e > s && HttpChars.isOws(list.charAt(e - 1))) {
        e--;
      }
      if (e - s == element.length() && list.regionMatches(true, s, element, 0, e - s)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }
}
