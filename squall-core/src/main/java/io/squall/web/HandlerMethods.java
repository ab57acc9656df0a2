package io.squall.web;

import io.squall.http.HttpException;
import io.squall.http.HttpStatus;
import java.lang.reflect.Method;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Maps HTTP methods to handler methods, works out {@code Allow}, and enforces {@link Authenticated}. Thread-safe. */
final class HandlerMethods {
  /** Every method a handler may implement, in the order an {@code Allow} header lists them. */
  static final List<String> ALL = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final ConcurrentHashMap<Class<?>, List<String>> ALLOWED = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Class<?>, Set<String>> GUARDED = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Class<?>, Boolean> HEAD_RUNS_GET = new ConcurrentHashMap<>();

  private HandlerMethods() {}

  static boolean isSupported(String method) {
    return ALL.contains(method);
  }

  static boolean changesState(String method) {
    return STATE_CHANGING.contains(method);
  }

  /** Methods a handler class overrides, HEAD too where GET is (it then answers as GET), for the {@code Allow} header of a 405. */
  static List<String> allowed(Class<?> type) {
    return ALLOWED.computeIfAbsent(type, t -> {
      List<String> out = new ArrayList<>();
      for (String m : ALL) {
        if (overrides(t, m) || (m.equals("HEAD") && overrides(t, "GET"))) {
          out.add(m);
        }
      }
      return List.copyOf(out);
    });
  }

  private static boolean overrides(Class<?> type, String httpMethod) {
    return javaMethod(type, httpMethod).getDeclaringClass() != RequestHandler.class;
  }

  /** The method whose handler will run: HEAD runs GET's where only GET is overridden (and so obeys GET's guard). */
  private static String effective(Class<?> type, String method) {
    return method.equals("HEAD") && HEAD_RUNS_GET.computeIfAbsent(type, t -> !overrides(t, "HEAD")) ? "GET" : method;
  }

  private static Method javaMethod(Class<?> type, String httpMethod) {
    try {
      return type.getMethod(httpMethod.toLowerCase());
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("RequestHandler lacks " + httpMethod, e);
    }
  }

  /**
   * HTTP methods needing a user: all of them when the class or a superclass carries {@link
   * Authenticated}, else those whose handler method carries it in any class of the hierarchy, so
   * an override that forgets the annotation (and may call {@code super}) stays guarded.
   */
  private static Set<String> guarded(Class<?> type) {
    return GUARDED.computeIfAbsent(type, t -> {
      boolean all = t.isAnnotationPresent(Authenticated.class); // @Inherited covers superclasses
      Set<String> out = ConcurrentHashMap.newKeySet();
      for (String m : ALL) {
        if (all || annotatedInHierarchy(t, m.toLowerCase())) {
          out.add(m);
        }
      }
      return Set.copyOf(out);
    });
  }

  private static boolean annotatedInHierarchy(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != RequestHandler.class; c = c.getSuperclass()) {
      try {
        if (c.getDeclaredMethod(name).isAnnotationPresent(Authenticated.class)) {
          return true;
        }
      } catch (NoSuchMethodException notDeclaredHere) {
        // keep looking in the superclass
      }
    }
    return false;
  }

  static void invoke(RequestHandler h, String method) {
    if (!admits(h, method)) {
      return;
    }
    switch (method) {
      case "GET" -> h.get();
      case "HEAD" -> h.head();
      case "POST" -> h.post();
      case "PUT" -> h.put();
      case "PATCH" -> h.patch();
      case "DELETE" -> h.delete();
      case "OPTIONS" -> h.options();
      default -> throw new HttpException(HttpStatus.METHOD_NOT_ALLOWED, "Method " + method + " not allowed.");
    }
  }

  /**
   * Applies {@link Authenticated}: true when the method may run; false once a GET or HEAD without
   * a user was redirected to the login URL. Anything else without a user is a 403.
   */
  static boolean admits(RequestHandler h, String method) {
    if (!guarded(h.getClass()).contains(effective(h.getClass(), method)) || h.currentUser() != null) {
      return true;
    }
    String login = h.settings().getString(Settings.LOGIN_URL, null);
    if (login != null && (method.equals("GET") || method.equals("HEAD"))) {
      // As Tornado: a login page on another site needs the full URL to send the user back.
      boolean absolute = login.startsWith("http://") || login.startsWith("https://");
      String back = absolute ? h.request().protocol() + "://" + h.request().host() + h.request().uri() : h.request().uri();
      String next = URLEncoder.encode(back, StandardCharsets.UTF_8);
      h.redirect(login + (login.contains("?") ? "&" : "?") + "next=" + next);
      return false;
    }
    throw new HttpException(HttpStatus.FORBIDDEN, "Authentication required.");
  }
}
