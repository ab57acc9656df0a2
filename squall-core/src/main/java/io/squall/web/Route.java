package io.squall.web;

import java.util.Objects;

/**
 * One routing rule: a Java regular expression matched against the whole decoded request path, and
 * what it leads to (a handler factory, for the Application). The pattern is compiled by {@link
 * Router}, which names it if it is invalid.
 *
 * <p>Thread rule: immutable; safe from any thread when {@code target} is.
 *
 * @param pattern the regex, implicitly anchored at both ends ({@code "/a"} never matches {@code "/ab"})
 * @param target what a match resolves to
 * @param <T> the target type
 */
public record Route<T>(String pattern, T target) {
  public Route {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(target, "target");
  }
}
