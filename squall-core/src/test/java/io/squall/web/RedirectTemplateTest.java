package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedirectTemplateTest {
  /** The template checked against {@code pattern}, filled with decoded positional {@code args}. */
  private static String expand(String template, String pattern, String... args) {
    RedirectTemplate t = RedirectTemplate.parse(template);
    t.check(pattern);
    return t.expand(Arrays.asList(args), Map.of(), true);
  }

  /** {@code template} for the route {@code /(.*)} filled with {@code arg} is {@code url}; CSV padding stripped. */
  private static void assertExpands(String template, String arg, String url) {
    assertThat(expand(template.strip(), "/(.*)", arg.strip())).isEqualTo(url.strip());
  }

  private static String refusal(String template, String pattern) {
    RedirectTemplate t = RedirectTemplate.parse(template);
    try {
      t.check(pattern);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError(template + " was accepted for " + pattern);
  }

  @Test
  void holesTakeTheGroupsInOrderAsPythonFormatDoes() {
    assertThat(expand("/{1}/{0}/{2}", "/(.*?)/(.*?)/(.*)", "a", "b", "c")).isEqualTo("/b/a/c");
    assertThat(expand("/{}/{}", "/(.*)-(.*)", "a", "b")).isEqualTo("/a/b");
    assertThat(expand("/new", "/old")).isEqualTo("/new");
    assertThat(expand("/x{{{0}}}", "/(.*)", "y")).isEqualTo("/x{y}");
  }

  @Test
  void namedHolesTakeNamedGroups() {
    RedirectTemplate t = RedirectTemplate.parse("/archive/{year}/{slug}");
    t.check("/(?<year>\\d{4})/(?<slug>.+)");
    assertThat(t.expand(List.of("2024", "a b"), Map.of("year", "2024", "slug", "a b"), true))
        .isEqualTo("/archive/2024/a%20b");
  }

  @Test
  void aGroupThatTookNoPartIsEmpty() {
    assertThat(expand("/b/{0}", "/a(/x)?", (String) null)).isEqualTo("/b/");
    RedirectTemplate t = RedirectTemplate.parse("/b/{n}");
    t.check("/a(?<n>/x)?");
    assertThat(t.expand(Arrays.asList((String) null), Map.of(), true)).isEqualTo("/b/");
  }

  /** Decoded arguments are escaped again, each for the part of the URL its hole stands in. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "/photos/{0}   | a/b.jpg            | /photos/a/b.jpg",
    "/photos/{0}   | a b+c;d=e@f:g      | /photos/a%20b+c;d=e@f:g",
    "/photos/{0}   | caf\u00e9 \u2603   | /photos/caf%C3%A9%20%E2%98%83",
    "/photos/{0}   | q?x#y%z\\w         | /photos/q%3Fx%23y%25z%5Cw",
    "/find?q={0}   | a&b=c+d;e/f?g      | /find?q=a%26b%3Dc%2Bd%3Be/f?g",
    "/doc#{0}      | a b/c?d#e          | /doc#a%20b/c?d%23e",
  })
  void argumentsAreEscapedForWhereTheyStand(String template, String arg, String url) {
    assertExpands(template, arg, url);
  }

  @Test
  void controlCharactersInAnArgumentAreEscaped() {
    assertThat(expand("/photos/{0}", "/(.*)", "a\r\nb\u0000")).isEqualTo("/photos/a%0D%0Ab%00");
  }

  /** Neither a "//" nor a "/\" at the start of the path: browsers would take what follows for a host. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "/{0}          | /evil.example      | /%2Fevil.example",
    "/{0}          | //evil.example     | /%2F/evil.example",
    "{0}           | //evil.example     | /%2Fevil.example",
    "/{0}/about    | ''                 | /%2Fabout",
    "/photos/{0}   | //evil.example     | /photos///evil.example",
    "{0}           | https://evil.example | https%3A//evil.example",
    "{0}           | javascript:alert(1)  | javascript%3Aalert(1)",
    "x{0}          | :y/z:w             | x%3Ay/z:w",
  })
  void anArgumentCannotTakeTheRedirectOffTheSite(String template, String arg, String url) {
    assertExpands(template, arg, url);
  }

  @Test
  void aTemplateWithItsOwnHostKeepsIt() {
    assertThat(expand("https://img.example/{0}", "/(.*)", "/a")).isEqualTo("https://img.example//a");
    assertThat(expand("//cdn.example/{0}", "/(.*)", "a:b")).isEqualTo("//cdn.example/a:b");
    assertThat(expand("mailto:{0}", "/(.*)", "//x")).isEqualTo("mailto:/%2Fx");
  }

  @Test
  void badTemplatesAreRefusedNamingTheRoute() {
    assertThat(refusal("/photos/{3}", "/pictures/(.*)"))
        .isEqualTo("Redirect '/photos/{3}' of route '/pictures/(.*)': {3} but the pattern has 1 group.");
    assertThat(refusal("/photos/{who}", "/pictures/(?<what>.*)"))
        .isEqualTo("Redirect '/photos/{who}' of route '/pictures/(?<what>.*)': no group named 'who' in the pattern.");
    assertThat(refusal("/photos/{}", "/pictures"))
        .isEqualTo("Redirect '/photos/{}' of route '/pictures': {} but the pattern has 0 groups.");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "/a/{0        | '{' at 3 is not closed",
    "/a/0}        | single '}' at 4",
    "/a/{0:>4}    | '{0:>4}' at 3 is not {n}, {name} or {}",
    "/a/{0!r}     | '{0!r}' at 3 is not {n}, {name} or {}",
    "/a/{0}/{}    | '{}' at 7 mixes {} and numbered holes; number all of them or none",
    "https://{0}.example/ | {0} is in the host; an argument cannot choose it",
    "//x{0}/a     | {0} is in the host; an argument cannot choose it",
    "{0}://example.com/ | {0} is in the scheme; an argument cannot choose it",
    "http{0}:x    | {0} is in the scheme; an argument cannot choose it",
  })
  void syntaxErrorsAreRefusedWithTheirPlace(String template, String reason) {
    assertThat(refusal(template.strip(), "/(.*)/(.*)"))
        .isEqualTo("Redirect '" + template.strip() + "' of route '/(.*)/(.*)': " + reason.strip() + ".");
  }

  @Test
  void controlCharactersAndEmptyTemplatesAreRefused() {
    assertThat(refusal("/a\r\nX: y", "/a")).isEqualTo("Redirect '/a??X: y' of route '/a': control character 0x0D at 2.");
    assertThat(refusal("", "/a")).isEqualTo("Redirect '' of route '/a': the URL is empty.");
  }

  @Test
  void requireValidThrowsWithoutARoute() {
    assertThatThrownBy(() -> RedirectTemplate.parse("/a/{").requireValid())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Redirect '/a/{': '{' at 3 is not closed.");
  }

  /** Unchecked (a RedirectHandler made by hand): only the request tells whether the route has the group. */
  @Test
  void anUncheckedTemplateFailsTheRequestForAGroupTheRouteLacks() {
    RedirectTemplate t = RedirectTemplate.parse("/b/{1}/{who}").requireValid();
    assertThatThrownBy(() -> t.expand(List.of("a"), Map.of(), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Redirect '/b/{1}/{who}': {1} but the route has 1 group.");
    assertThatThrownBy(() -> t.expand(List.of("a", "b"), Map.of(), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Redirect '/b/{1}/{who}': no value for {who}: no such group in the route, or it took no part in the match.");
  }
}
