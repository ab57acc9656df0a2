package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a redirect joins the request's query string to its target. */
class RedirectHandlerTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "/p           | a=1 | /p?a=1",
    "/p?x=1       | a=1 | /p?x=1&a=1",
    "/p?          | a=1 | /p?a=1",
    "/p?x=1&      | a=1 | /p?x=1&a=1",
    "/p#top       | a=1 | /p?a=1#top",
    "/p?x=1#top   | a=1 | /p?x=1&a=1#top",
    "/p#t?x       | a=1 | /p?a=1#t?x",
    "https://h/p  | a=1 | https://h/p?a=1",
  })
  void theQueryFollowsTheTemplatesOwnBeforeItsFragment(String url, String query, String joined) {
    assertThat(RedirectHandler.withQuery(url.strip(), query.strip())).isEqualTo(joined.strip());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "a=1&b=%20c+d/e?f:g@h!$'()*,;  | a=1&b=%20c+d/e?f:g@h!$'()*,;",
    "p=%zz&q=%4&r=%             | p=%25zz&q=%254&r=%25",
    "x#y                        | x%23y",
  })
  void theQueryIsKeptAsSentWithWhatAUriCannotHoldEscaped(String raw, String clean) {
    assertThat(RedirectHandler.cleanQuery(raw.strip())).isEqualTo(clean.strip());
  }

  @Test
  void delimitersAndUnsafeCharactersAreEscaped() {
    assertThat(RedirectHandler.cleanQuery("<>\"{}|\\^` ")).isEqualTo("%3C%3E%22%7B%7D%7C%5C%5E%60%20");
  }

  /** A character of the request target is a byte (ISO-8859-1): é sent raw is the byte E9, escaped as such. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "q=\u00e9\u00ff | q=%E9%FF",
    "q=\u2603       | q=%E2%98%83",
  })
  void bytesBeyondAsciiAreEscapedAsTheBytesTheyWere(String raw, String clean) {
    assertThat(RedirectHandler.cleanQuery(raw.strip())).isEqualTo(clean.strip());
  }
}
