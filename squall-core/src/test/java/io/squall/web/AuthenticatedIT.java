package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code getCurrentUser()} from a signed cookie and {@code @Authenticated} on methods and classes. */
class AuthenticatedIT {
  static final String SECRET = "authenticated-it-secret";
  static final AtomicInteger userLookups = new AtomicInteger();
  static Application withLogin;
  static Application withoutLogin;

  /** The user is the signed "user" cookie; counts lookups. */
  public abstract static class UserHandler extends RequestHandler {
    @Override
    public Object getCurrentUser() {
      userLookups.incrementAndGet();
      return getSecureCookie("user");
    }
  }

  /** GET and POST need a user; PUT does not. */
  public static final class Admin extends UserHandler {
    @Authenticated
    @Override
    public void get() {
      write("hello " + currentUser() + " " + currentUser());
    }

    @Authenticated
    @Override
    public void post() {
      write("posted by " + currentUser());
    }

    @Override
    public void put() {
      write("anyone may put");
    }
  }

  /** Every method needs a user. */
  @Authenticated
  public static final class Guarded extends UserHandler {
    @Override
    public void get() {
      write("guarded get");
    }

    @Override
    public void delete() {
      write("guarded delete");
    }
  }

  /** A base class for a family of guarded handlers. */
  @Authenticated
  public abstract static class GuardedBase extends UserHandler {}

  /** Guarded by its base class only. */
  public static final class GuardedChild extends GuardedBase {
    @Override
    public void get() {
      write("child of guarded");
    }
  }

  /** Guards GET on its own method. */
  public static class GuardedGet extends UserHandler {
    @Authenticated
    @Override
    public void get() {
      write("base get");
    }
  }

  /** Overrides a guarded GET without repeating the annotation. */
  public static final class OverridingGet extends GuardedGet {
    @Override
    public void get() {
      write("override then ");
      super.get();
    }
  }

  private static Application start(String loginUrl) {
    Application.Builder b = Application.builder()
        .route("/admin", Admin.class)
        .route("/guarded", Guarded.class)
        .route("/child", GuardedChild.class)
        .route("/override", OverridingGet.class)
        .setting(Settings.COOKIE_SECRET, SECRET);
    if (loginUrl != null) {
      b.setting(Settings.LOGIN_URL, loginUrl);
    }
    return b.build().listen("127.0.0.1", 0);
  }

  @BeforeAll
  static void start() {
    withLogin = start("/login");
    withoutLogin = start(null);
  }

  @AfterAll
  static void stop() {
    withLogin.stop();
    withoutLogin.stop();
  }

  private static String[] signedIn(String user) {
    return new String[] {"Cookie", "user=" + new SignedCookies(SECRET).sign("user", user)};
  }

  @Test
  void anonymousGetIsRedirectedToLoginWithNext() {
    HttpResponse<String> r = new WebClient(withLogin).get("/admin?tab=a%20b&x=1");
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Fadmin%3Ftab%3Da%2520b%26x%3D1");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void anonymousHeadIsRedirectedToo() {
    HttpResponse<String> r = new WebClient(withLogin).send("HEAD", "/guarded", null);
    assertThat(r.statusCode()).isEqualTo(302);
    assertThat(r.headers().firstValue("Location")).hasValue("/login?next=%2Fguarded");
  }

  /** HEAD runs GET's handler, so it obeys GET's annotation even where head() itself carries none. */
  @Test
  void headAnsweredByAGuardedGetIsGuardedToo() {
    assertThat(new WebClient(withoutLogin).send("HEAD", "/admin", null).statusCode()).isEqualTo(403);
    HttpResponse<String> redirected = new WebClient(withLogin).send("HEAD", "/admin", null);
    assertThat(redirected.statusCode()).isEqualTo(302);
    HttpResponse<String> r = new WebClient(withLogin).send("HEAD", "/admin", null, signedIn("carol"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf("hello carol carol".length()));
    assertThat(r.body()).isEmpty();
  }

  /** As Tornado: a login page on another site gets the full URL, the only way back. */
  @Test
  void absoluteLoginUrlGetsFullUrlAsNextAppendedToItsQuery() {
    Application app = Application.builder()
        .route("/admin", Admin.class)
        .setting(Settings.COOKIE_SECRET, SECRET)
        .setting(Settings.LOGIN_URL, "https://sso.example.org/login?app=chat")
        .build()
        .listen("127.0.0.1", 0);
    try {
      HttpResponse<String> r = new WebClient(app).get("/admin?x=1");
      assertThat(r.headers().firstValue("Location"))
          .hasValue("https://sso.example.org/login?app=chat&next=http%3A%2F%2F127.0.0.1%3A" + app.port() + "%2Fadmin%3Fx%3D1");
    } finally {
      app.stop();
    }
  }

  @Test
  void anonymousPostIsForbiddenEvenWithLoginUrl() {
    HttpResponse<String> r = new WebClient(withLogin).postForm("/admin", "a=1");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.body()).isEqualTo(
        "<html><title>403: Forbidden</title><body>403: Forbidden<p>Authentication required.</p></body></html>");
  }

  @Test
  void anonymousGetIsForbiddenWithoutLoginUrl() {
    HttpResponse<String> r = new WebClient(withoutLogin).get("/admin");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("<p>Authentication required.</p>");
  }

  @Test
  void signedInUserIsServed() {
    WebClient http = new WebClient(withLogin);
    int before = userLookups.get();
    HttpResponse<String> r = http.get("/admin", signedIn("alice"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("hello alice alice");
    assertThat(userLookups.get() - before).as("getCurrentUser calls per request").isEqualTo(1);
    assertThat(http.postForm("/admin", "a=1", signedIn("bob")).body()).isEqualTo("posted by bob");
  }

  @Test
  void forgedUserCookieIsAnonymous() {
    String forged = new SignedCookies("not-the-secret").sign("user", "mallory");
    HttpResponse<String> r = new WebClient(withoutLogin).get("/admin", "Cookie", "user=" + forged);
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void unannotatedMethodIsOpenToAnonymous() {
    HttpResponse<String> r = new WebClient(withLogin).send("PUT", "/admin", "");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("anyone may put");
  }

  @Test
  void annotationOnClassGuardsEveryMethod() {
    WebClient http = new WebClient(withLogin);
    assertThat(http.get("/guarded").statusCode()).isEqualTo(302);
    assertThat(http.send("DELETE", "/guarded", null).statusCode()).isEqualTo(403);
    assertThat(http.get("/guarded", signedIn("carol")).body()).isEqualTo("guarded get");
    assertThat(http.send("DELETE", "/guarded", null, signedIn("carol")).body()).isEqualTo("guarded delete");
  }

  @Test
  void methodNotOverriddenStays405ForSignedInUsers() {
    HttpResponse<String> r = new WebClient(withLogin).postForm("/guarded", "a=1", signedIn("carol"));
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD, DELETE");
  }

  @Test
  void annotationOnABaseClassGuardsItsSubclasses() {
    WebClient http = new WebClient(withoutLogin);
    assertThat(http.get("/child").statusCode()).isEqualTo(403);
    assertThat(http.get("/child", signedIn("dave")).body()).isEqualTo("child of guarded");
  }

  @Test
  void overridingAGuardedMethodKeepsItGuarded() {
    WebClient http = new WebClient(withoutLogin);
    assertThat(http.get("/override").statusCode()).isEqualTo(403);
    assertThat(http.get("/override", signedIn("erin")).body()).isEqualTo("override then base get");
  }
}
