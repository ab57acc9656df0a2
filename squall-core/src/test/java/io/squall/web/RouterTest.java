package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  @Test
  void matchesTheWholePathOnly() {
    Router<String> router = new Router<>(List.of(new Route<>("/a", "a")));
    assertThat(router.match("/a")).map(Router.Match::target).contains("a");
    assertThat(router.match("/ab")).isEmpty();
    assertThat(router.match("/x/a")).isEmpty();
    assertThat(router.match("/a/")).isEmpty();
  }

  @Test
  void alternationIsAnchoredAsAWhole() {
    Router<String> router = new Router<>(List.of(new Route<>("/a|/b", "ab")));
    assertThat(router.match("/b")).isPresent();
    assertThat(router.match("/abc")).isEmpty();
  }

  @Test
  void groupsBecomePathArgumentsInOrder() {
    Router<String> router = new Router<>(List.of(new Route<>("/user/(\\d+)/(\\w+)", "user")));
    Router.Match<String> match = router.match("/user/42/posts").orElseThrow();
    assertThat(match.pathArgs()).containsExactly("42", "posts");
    assertThat(match.namedArgs()).isEmpty();
  }

  @Test
  void namedGroupsAreAlsoNamedArguments() {
    Router<String> router =
        new Router<>(List.of(new Route<>("/(?<lang>[a-z]{2})/(?<page>.+)\\.html", "page")));
    Router.Match<String> match = router.match("/en/about/team.html").orElseThrow();
    assertThat(match.namedArgs()).containsExactly(Map.entry("lang", "en"), Map.entry("page", "about/team"));
    assertThat(match.pathArgs()).containsExactly("en", "about/team");
  }

  @Test
  void groupThatTookNoPartIsNull() {
    Router<String> router = new Router<>(List.of(new Route<>("/list(?:/(?<page>\\d+))?", "list")));
    Router.Match<String> match = router.match("/list").orElseThrow();
    assertThat(match.pathArgs()).isEqualTo(Arrays.asList((String) null));
    assertThat(match.namedArgs()).isEmpty();
    assertThat(router.match("/list/3").orElseThrow().namedArgs()).containsEntry("page", "3");
  }

  @Test
  void firstMatchingRouteWinsInDeclarationOrder() {
    Router<String> router = new Router<>(List.of(
        new Route<>("/static/special\\.css", "special"),
        new Route<>("/static/(.*)", "static"),
        new Route<>("/static/never\\.css", "unreachable")));
    assertThat(router.match("/static/special.css")).map(Router.Match::target).contains("special");
    assertThat(router.match("/static/never.css")).map(Router.Match::target).contains("static");
    assertThat(router.match("/other")).isEmpty();
  }

  @Test
  void matchesDecodedPathsWithUnicode() {
    Router<String> router = new Router<>(List.of(new Route<>("/wiki/(.+)", "wiki")));
    assertThat(router.match("/wiki/Zürich").orElseThrow().pathArgs()).containsExactly("Zürich");
  }

  @Test
  void rejectsInvalidPatternNamingIt() {
    assertThatThrownBy(() -> new Router<>(List.of(new Route<>("/ok", 1), new Route<>("/bad(", 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid route pattern '/bad(': Unclosed group.");
  }

  @Test
  void matchArgumentsAreUnmodifiable() {
    Router.Match<String> match = new Router<>(List.of(new Route<>("/(a)", "t"))).match("/a").orElseThrow();
    assertThatThrownBy(() -> match.pathArgs().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> match.namedArgs().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void keepsRoutesInDeclarationOrder() {
    List<Route<String>> routes = List.of(new Route<>("/b", "b"), new Route<>("/a", "a"));
    assertThat(new Router<>(routes).routes()).isEqualTo(routes);
  }

  @Test
  void routeWithoutANameIsUnnamed() {
    assertThat(new Route<>("/a", "a").name()).isNull();
    assertThat(new Route<>("/a", "a", "home").name()).isEqualTo("home");
  }

  @Test
  void blankRouteNameIsRefused() {
    assertThatThrownBy(() -> new Route<>("/a", "a", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Blank route name for '/a'.");
  }

  @Test
  void reverseFillsTheNamedRoute() {
    Router<String> router = new Router<>(List.of(
        new Route<>("/", "home", "home"),
        new Route<>("/story/([0-9]+)", "story", "story"),
        new Route<>("/other/([0-9]+)", "other")));
    assertThat(router.reverse("story", 42)).isEqualTo("/story/42");
    assertThat(router.reverse("home")).isEqualTo("/");
  }

  @Test
  void reverseOfAnUnknownNameFails() {
    Router<String> router = new Router<>(List.of(new Route<>("/story/([0-9]+)", "story", "story")));
    assertThatThrownBy(() -> router.reverse("stories", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("No route named 'stories'.");
  }

  @Test
  void nameGivenToTwoRoutesFailsAtRegistration() {
    assertThatThrownBy(() -> new Router<>(List.of(
            new Route<>("/story/([0-9]+)", "a", "story"), new Route<>("/s/(\\d+)", "b", "story"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Duplicate route name 'story': '/story/([0-9]+)' and '/s/(\\d+)'.");
  }

  /** As Tornado: a named route that cannot be reversed still routes; only reversing it fails. */
  @Test
  void irreversibleNamedRouteStillMatchesAndFailsOnlyWhenReversed() {
    Router<String> router = new Router<>(List.of(new Route<>("/page(/\\d+)?", "page", "page")));
    assertThat(router.match("/page/2")).isPresent();
    assertThatThrownBy(() -> router.reverse("page", "/2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot reverse url regex '/page(/\\d+)?' of route 'page': '?' outside a group.");
  }

  /** {@code reverse("x", null)} passes a null array, not one null argument; it is read as the latter. */
  @Test
  void nullArgumentArrayIsOneNullArgument() {
    Router<String> router = new Router<>(List.of(new Route<>("/story/([0-9]+)", "story", "story")));
    assertThatThrownBy(() -> router.reverse("story", (Object[]) null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Argument 1 of route 'story' is null.");
  }
}
