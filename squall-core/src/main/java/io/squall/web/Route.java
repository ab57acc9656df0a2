package io.squall.web;

import java.util.Objects;

/**
 * One routing rule: a Java regular expression matched against the whole request path, what it
 * leads to (a handler factory, for the Application), and optionally a name to build its URLs by
 * ({@link Router#reverse}, Tornado's {@code url(..., name="story")}). The pattern is compiled by
 * {@link Router}, which names it if it is invalid.
 *
 * <p>Thread rule: immutable; safe from any thread when {@code target} is.
 *
 * @param pattern the regex, implicitly anchored at both ends ({@code "/a"} never matches {@code "/ab"})
 * @param target what a match resolves to
 * @param name the name {@link Router#reverse} knows the route by; null for an unnamed route
 * @param <T> the target type
 */
public record Route<T>(String pattern, T target, String name) {
  public Route {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(target, "target");
    if (name != null && name.isBlank()) {
      throw new IllegalArgumentException("Blank route name for '" + pattern + "'.");
    }
  }

  /** An unnamed route. */
  public Route(String pattern, T target) {
    this(pattern, target, null);
  }
}
