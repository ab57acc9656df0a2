package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {
  @Test
  void looksUpNamesWithoutRegardToCase() {
    Headers headers = new Headers().add("Content-Type", "text/html");

    assertThat(headers.get("content-type")).isEqualTo("text/html");
    assertThat(headers.get("CONTENT-TYPE")).isEqualTo("text/html");
    assertThat(headers.contains("Content-type")).isTrue();
    assertThat(headers.get("Accept")).isNull();
    assertThat(headers.contains("Accept")).isFalse();
  }

  @Test
  void keepsEveryValueInOrderAndGetReturnsTheFirst() {
    Headers headers = new Headers().add("Set-Cookie", "a=1").add("Vary", "Accept").add("set-cookie", "b=2");

    assertThat(headers.get("Set-Cookie")).isEqualTo("a=1");
    assertThat(headers.getAll("SET-COOKIE")).containsExactly("a=1", "b=2");
    assertThat(headers.getAll("Missing")).isEmpty();
    assertThat(headers.size()).isEqualTo(3);
  }

  @Test
  void keepsTheFirstSpellingOfEachName() {
    Headers headers = new Headers().add("X-Request-Id", "1").add("x-request-id", "2").add("ETag", "e");

    assertThat(headers.names()).containsExactly("X-Request-Id", "ETag");
    List<String> pairs = new ArrayList<>();
    headers.forEach((name, value) -> pairs.add(name + "=" + value));
    assertThat(pairs).containsExactly("X-Request-Id=1", "X-Request-Id=2", "ETag=e");
  }

  @Test
  void keepsTheFirstSpellingPastTheHashIndexThreshold() {
    Headers headers = new Headers();
    for (int i = 0; i < 100; i++) {
      headers.add("X-Name-" + i, "a");
    }
    for (int i = 0; i < 100; i++) {
      headers.add("x-name-" + i, "b");
    }

    assertThat(headers.size()).isEqualTo(200);
    assertThat(headers.names()).hasSize(100).allMatch(name -> name.startsWith("X-Name-"));
    assertThat(headers.getAll("X-NAME-42")).containsExactly("a", "b");

    headers.remove("X-Name-7").add("x-NAME-7", "c");
    assertThat(headers.names()).contains("x-NAME-7").doesNotContain("X-Name-7");
  }

  @Test
  void setReplacesEveryValueAtTheFirstPosition() {
    Headers headers = new Headers().add("Accept", "a").add("Host", "h").add("accept", "b");

    headers.set("ACCEPT", "c");

    assertThat(headers).hasToString("[Accept: c, Host: h]");
    assertThat(headers.set("Vary", "Origin")).hasToString("[Accept: c, Host: h, Vary: Origin]");
  }

  @Test
  void removesEveryValueOfAName() {
    Headers headers = new Headers().add("A", "1").add("B", "2").add("a", "3");

    assertThat(headers.remove("A")).hasToString("[B: 2]");
    assertThat(headers.size()).isEqualTo(1);
    assertThat(headers.remove("Missing").size()).isEqualTo(1);
    assertThat(headers.remove("b").isEmpty()).isTrue();
  }

  @Test
  void removeIfDropsEveryMatchingPairAndKeepsTheOrderOfTheRest() {
    Headers headers = new Headers().add("Host", "h").add("X-Drop", "1").add("Accept", "a").add("x-drop", "2");

    assertThat(headers.removeIf(name -> name.equalsIgnoreCase("X-Drop"))).hasToString("[Host: h, Accept: a]");
    assertThat(headers.size()).isEqualTo(2);
    assertThat(headers.get("x-drop")).isNull();
    assertThat(headers.removeIf(name -> false)).hasToString("[Host: h, Accept: a]");
  }

  @Test
  void removeIfOnAnIndexedSetKeepsLookupsAndFirstSpellingsRight() {
    Headers headers = new Headers();
    for (int i = 0; i < 20; i++) {
      headers.add("Name-" + i, "v" + i);
    }
    headers.add("name-3", "again");

    headers.removeIf(name -> name.endsWith("7") || name.endsWith("8"));

    assertThat(headers.size()).isEqualTo(17); // Name-7, -8, -17 and -18 gone
    assertThat(headers.get("NAME-7")).isNull();
    assertThat(headers.get("name-18")).isNull();
    assertThat(headers.getAll("Name-3")).containsExactly("v3", "again");
    headers.add("NAME-3", "third").add("Name-7", "back");
    assertThat(headers.names()).contains("Name-3", "Name-7").doesNotContain("NAME-3");
    assertThat(headers.getAll("name-3")).containsExactly("v3", "again", "third");
  }

  @Test
  void findsTokensInCommaSeparatedValues() {
    Headers headers = new Headers().add("Connection", "keep-alive, Upgrade").add("Connection", "\tTE ,, close\t");

    assertThat(headers.containsToken("connection", "upgrade")).isTrue();
    assertThat(headers.containsToken("Connection", "KEEP-ALIVE")).isTrue();
    assertThat(headers.containsToken("Connection", "te")).isTrue();
    assertThat(headers.containsToken("Connection", "close")).isTrue();
    assertThat(headers.containsToken("Connection", "keep")).isFalse();
    assertThat(headers.containsToken("Connection", "alive, upgrade")).isFalse();
    assertThat(headers.containsToken("Upgrade", "websocket")).isFalse();
    assertThat(new Headers().add("Connection", "upgrades").containsToken("Connection", "upgrade")).isFalse();
  }

  @Test
  void returnsSnapshotsThatCannotBeModified() {
    Headers headers = new Headers().add("A", "1");
    var names = headers.names();
    var values = headers.getAll("A");
    headers.add("B", "2").add("A", "3");

    assertThat(names).containsExactly("A");
    assertThat(values).containsExactly("1");
    assertThatThrownBy(() -> names.add("C")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> values.add("C")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsNamesThatAreNotTokens() {
    assertThatThrownBy(() -> new Headers().add("Bad Name", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Header name \"Bad Name\" is not a token.");
    assertThatThrownBy(() -> new Headers().set("", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Header name \"\" is not a token.");
  }

  @Test
  void rejectsControlCharactersInValuesSoNoValueCanSplitAResponse() {
    assertThatThrownBy(() -> new Headers().add("Location", "/a\r\nSet-Cookie: x=1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid character 0x0D in value of header Location.");
    assertThatThrownBy(() -> new Headers().set("X-A", "a\u0000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid character 0x00 in value of header X-A.");
    assertThat(new Headers().add("X-A", "tab\tand caf\u00e9").get("X-A")).isEqualTo("tab\tand caf\u00e9");
  }

  /** Values go out as ISO-8859-1 octets: a character past U+00FF was sent as '?', so it is refused. */
  @Test
  void rejectsCharactersThatAreNotOneOctet() {
    assertThatThrownBy(() -> new Headers().set("Content-Disposition", "attachment; filename=\"\u20ac.pdf\""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid character 0x20AC in value of header Content-Disposition.");
    assertThatThrownBy(() -> new Headers().add("X-A", "\ud83d\ude00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid character 0xD83D in value of header X-A.");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> new Headers().add(null, "v")).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> new Headers().add("A", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
  }

  @Test
  void printsThePairsInOrder() {
    assertThat(new Headers()).hasToString("[]");
    assertThat(new Headers().add("Host", "example.com").add("Accept", "*/*"))
        .hasToString("[Host: example.com, Accept: */*]");
  }

  @Test
  void staysCorrectAfterTrimmingTheSpareCapacityAndTheSpellingIndex() {
    Headers headers = new Headers();
    for (int i = 0; i < 20; i++) {
      headers.add("X-Name-" + i, "v" + i);
    }
    headers.trimToSize();

    assertThat(headers.get("x-name-19")).isEqualTo("v19");
    headers.add("x-NAME-3", "again").add("Host", "example.com");
    assertThat(headers.getAll("X-Name-3")).containsExactly("v3", "again");
    assertThat(headers.names()).hasSize(21).contains("X-Name-3", "Host").doesNotContain("x-NAME-3");
    headers.remove("X-NAME-0");
    assertThat(headers.size()).isEqualTo(21);

    Headers empty = new Headers();
    empty.trimToSize();
    assertThat(empty.add("A", "1").get("a")).isEqualTo("1");
  }
}
