package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePathTest {
  private static String reverse(String regex, Object... args) {
    Pattern.compile(regex); // RoutePath reads only regexes that compile, as the Router gives them
    return RoutePath.parse(regex).fill("r", args);
  }

  @Test
  void routeWithoutGroupsReversesToItsPath() {
    assertThat(reverse("/about")).isEqualTo("/about");
    assertThat(reverse("/")).isEqualTo("/");
  }

  @Test
  void argumentsReplaceGroupsInOrder() {
    assertThat(reverse("/user/(\\d+)/posts/([a-z]+)", 42, "new")).isEqualTo("/user/42/posts/new");
    assertThat(reverse("/(a|b)", "b")).isEqualTo("/b");
  }

  @Test
  void namedGroupsTakeArgumentsByPosition() {
    assertThat(reverse("/blog/(?<year>\\d{4})/(?<slug>[^/]+)\\.html", 2024, "hello"))
        .isEqualTo("/blog/2024/hello.html");
  }

  @Test
  void escapedCharactersOutsideGroupsBecomeLiterals() {
    assertThat(reverse("/favicon\\.ico")).isEqualTo("/favicon.ico");
    assertThat(reverse("\\/v1\\-beta\\.(\\d+)\\$", 7)).isEqualTo("/v1-beta.7$");
    assertThat(reverse("\\Q/static/v1.0+\\E(.*)", "a.css")).isEqualTo("/static/v1.0+a.css");
  }

  @Test
  void leadingAndTrailingAnchorsAreDropped() {
    assertThat(reverse("^/story/([0-9]+)$", 5)).isEqualTo("/story/5");
  }

  /** Parentheses inside a class or an escape do not open or close a group. */
  @Test
  void groupEndsAtItsOwnClosingParenthesis() {
    assertThat(reverse("/a/([^)]+)/(\\)x\\()/([]()]+)/(\\Q)(\\E)", 1, 2, 3, 4)).isEqualTo("/a/1/2/3/4");
    assertThat(reverse("/b/([a-z&&[^(]]+)x", "q")).isEqualTo("/b/qx");
  }

  @Test
  void reverseUrlPercentEncodesArguments() {
    assertThat(reverse("/tag/(.+)", "a b/c?d#e%f+g&h;i")).isEqualTo("/tag/a%20b%2Fc%3Fd%23e%25f%2Bg%26h%3Bi");
    assertThat(reverse("/tag/(.+)", "caf\u00e9 \u2603")).isEqualTo("/tag/caf%C3%A9%20%E2%98%83");
  }

  @Test
  void unreservedCharactersStayAsTheyAre() {
    assertThat(reverse("/tag/(.+)", "AZaz09-._~")).isEqualTo("/tag/AZaz09-._~");
  }

  @Test
  void argumentsAreWrittenWithTheirStringForm() {
    Object story = new Object() {
      @Override
      public String toString() {
        return "my story";
      }
    };
    assertThat(reverse("/s/(\\d+)/(.+)/(.+)", 42L, story, true)).isEqualTo("/s/42/my%20story/true");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '#', quoteCharacter = '"', value = {
      "/a.b            # '.' outside a group",
      "/(\\d+)?        # '?' outside a group",
      "/(a)+           # '+' outside a group",
      "/a|/b           # '|' outside a group",
      "/a{2}           # '{' outside a group",
      "/x[ab]          # '[' outside a group",
      "/a^b            # '^' outside a group",
      "/\\d+           # '\\d' outside a group",
      "/a\\b           # '\\b' outside a group",
      "/((\\d+))       # a group inside a group",
      "/((?:a|b))      # a group inside a group",
      "/(?:a|b)        # '(?:' is not a capturing group",
      "(?i)/a          # '(?i' is not a capturing group",
      "/(?<!x)a        # '(?<!' is not a capturing group",
      "/(?=a)a         # '(?=' is not a capturing group",
  })
  void patternThatStandsForMoreThanOnePathCannotBeReversed(String regex, String reason) {
    Pattern.compile(regex);
    RoutePath path = RoutePath.parse(regex);
    assertThatThrownBy(() -> path.fill("r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot reverse url regex '" + regex + "' of route 'r': " + reason + ".");
  }

  @Test
  void wrongNumberOfArgumentsNamesBothCounts() {
    RoutePath one = RoutePath.parse("/story/([0-9]+)");
    assertThatThrownBy(() -> one.fill("story", 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Route 'story' takes 1 argument, got 2.");
    assertThatThrownBy(() -> one.fill("story"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Route 'story' takes 1 argument, got 0.");
    assertThatThrownBy(() -> RoutePath.parse("/about").fill("about", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Route 'about' takes 0 arguments, got 1.");
  }

  @Test
  void nullArgumentIsRefused() {
    assertThatThrownBy(() -> RoutePath.parse("/(a)/(b)").fill("ab", "a", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Argument 2 of route 'ab' is null.");
  }
}
