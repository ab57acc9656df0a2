package io.squall.web;

import java.util.function.Supplier;

/**
 * A value built on first use, once: the application's signed cookies, templates and static files,
 * which need settings that an application without them may lack.
 *
 * <p>Thread rule: safe from any thread; the factory runs at most once.
 */
final class Lazy<T> {
  private final Supplier<T> factory;
  private volatile T value;

  Lazy(Supplier<T> factory) {
    this.factory = factory;
  }

  T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = factory.get();
          value = v;
        }
      }
    }
    return v;
  }
}
