package io.squall.web;

import java.util.function.Supplier;

/**
 * Makes a route's handlers, one per request, and knows whether they take their request body as a
 * stream ({@link StreamRequestBody}): from the class of a route given one, else from the class of
 * the first handler the route's factory makes (made then, and dropped, when the first request to
 * ask is one with a body).
 *
 * <p>Thread rule: safe from any thread.
 */
final class HandlerFactory implements Supplier<RequestHandler> {
  private final Supplier<? extends RequestHandler> make;
  /** Whether the handlers stream their body; null until a factory route made its first one. */
  private volatile Boolean streamsBody;

  HandlerFactory(Class<? extends RequestHandler> type, Supplier<? extends RequestHandler> make) {
    this.make = make;
    this.streamsBody = type == null ? null : streams(type);
  }

  @Override
  public RequestHandler get() {
    RequestHandler handler = make.get();
    if (streamsBody == null) {
      streamsBody = streams(handler.getClass());
    }
    return handler;
  }

  /** What makes the handlers: the route's own factory, or the class's constructor. */
  Supplier<? extends RequestHandler> make() {
    return make;
  }

  /** Whether this route's handlers take their body as it arrives. */
  boolean streamsBody() {
    Boolean known = streamsBody;
    return known != null ? known : streams(get().getClass());
  }

  private static boolean streams(Class<?> type) {
    return type.isAnnotationPresent(StreamRequestBody.class);
  }
}
