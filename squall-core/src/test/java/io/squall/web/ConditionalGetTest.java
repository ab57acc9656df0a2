package io.squall.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link StaticFiles#parseRange}, {@link StaticFiles#notModified}, {@link StaticFiles#preconditionFailed} and {@link StaticFiles#rangeApplies}. */
class ConditionalGetTest {
  private static final String ETAG = "\"abc123\"";
  /** Sun, 06 Nov 1994 08:49:37 GMT, plus a fraction that HTTP dates cannot carry. */
  private static final Instant MODIFIED = Instant.parse("1994-11-06T08:49:37.400Z");

  @ParameterizedTest
  @CsvSource({
      "bytes=0-99, 0, 99", "bytes=100-, 100, 999", "bytes=-50, 950, 999", "bytes=0-0, 0, 0",
      "bytes=990-5000, 990, 999", "bytes=-5000, 0, 999", "BYTES=1-2, 1, 2", "bytes= 5-9 , 5, 9",
      "bytes=999-, 999, 999", "bytes=0-99999999999999999999999, 0, 999",
  })
  void parsesOneSatisfiableRange(String header, long start, long end) {
    assertThat(StaticFiles.parseRange(header, 1000)).isEqualTo(new RangeResult.Partial(start, end));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {
      "", "bytes", "bytes=", "items=0-9", "bytes=0-9,20-29", "bytes=9-0", "bytes=a-9",
      "bytes=-", "bytes=1-2-3", "bytes=+1-2", "bytes=-+5", "bytes 0-9",
  })
  void servesFullWhenTheHeaderIsAbsentMalformedOrMultiRange(String header) {
    assertThat(StaticFiles.parseRange(header, 1000)).isEqualTo(new RangeResult.Full());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999-"})
  void signalsUnsatisfiableWhenStartIsPastTheEnd(String header) {
    assertThat(StaticFiles.parseRange(header, 1000)).isEqualTo(new RangeResult.Unsatisfiable());
  }

  @Test
  void handlesEmptyRepresentation() {
    assertThat(StaticFiles.parseRange("bytes=0-", 0)).isEqualTo(new RangeResult.Unsatisfiable());
    assertThat(StaticFiles.parseRange("bytes=-5", 0)).isEqualTo(new RangeResult.Full());
  }

  @Test
  void partialKnowsItsLengthAndRejectsInvertedRanges() {
    assertThat(new RangeResult.Partial(10, 19).length()).isEqualTo(10);
    assertThatThrownBy(() -> new RangeResult.Partial(5, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid byte range 5-4.");
    assertThatThrownBy(() -> StaticFiles.parseRange("bytes=0-1", -1))
        .hasMessage("Representation size must not be negative, got -1.");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "\"abc123\"", "W/\"abc123\"", "*", "\"x\", \"abc123\"", "\"x\",W/\"abc123\"", " \"abc123\" ",
      "\"a,b\", \"abc123\"",
  })
  void ifNoneMatchHits(String ifNoneMatch) {
    assertThat(StaticFiles.notModified(ifNoneMatch, ETAG, null, MODIFIED)).isTrue();
    assertThat(StaticFiles.notModified(ifNoneMatch, "W/" + ETAG, null, MODIFIED)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abc12\"", "abc123", "\"ABC123\"", "w/\"abc123\"", "\"abc123", "\"x\" junk \"abc123\""})
  void ifNoneMatchMisses(String ifNoneMatch) {
    assertThat(StaticFiles.notModified(ifNoneMatch, ETAG, null, MODIFIED)).isFalse();
  }

  @Test
  void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
    String date = "Sun, 06 Nov 1994 08:49:37 GMT";
    assertThat(StaticFiles.notModified("\"other\"", ETAG, date, MODIFIED)).isFalse();
    assertThat(StaticFiles.notModified(ETAG, ETAG, "Sat, 01 Jan 1994 00:00:00 GMT", MODIFIED))
        .isTrue();
    assertThat(StaticFiles.notModified(ETAG, null, date, MODIFIED)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Sun, 06 Nov 1994 08:49:37 GMT|true", // same second: the fraction is dropped
      "Sun, 06 Nov 1994 08:49:38 GMT|true", "Sun, 06 Nov 1994 08:49:36 GMT|false",
      "Mon, 07 Nov 1994 00:00:00 GMT|true",
      // RFC 9110 §5.6.7: the obsolete RFC 850 and asctime forms MUST be accepted too
      "Sunday, 06-Nov-94 08:49:37 GMT|true", "Sunday, 06-Nov-94 08:49:36 GMT|false",
      "Sun Nov  6 08:49:37 1994|true", "Sun Nov  6 08:49:36 1994|false",
      "Mon, 06 Nov 1994 08:49:37 GMT|false", // the wrong weekday: not a date, so ignored
      "yesterday|false", "|false",
  })
  void ifModifiedSinceComparesWholeSeconds(String ifModifiedSince, boolean notModified) {
    assertThat(StaticFiles.notModified(null, ETAG, ifModifiedSince, MODIFIED)).isEqualTo(notModified);
  }

  @Test
  void nothingToCompareMeansModified() {
    assertThat(StaticFiles.notModified(null, ETAG, null, MODIFIED)).isFalse();
    assertThat(StaticFiles.notModified(null, ETAG, "Sun, 06 Nov 1994 08:49:37 GMT", null)).isFalse();
  }

  /** RFC 9110 §13.1.1: If-Match compares strongly; "*" matches any existing representation. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"abc123\"|false", "*|false", "\"x\", \"abc123\"|false", "\"x\"|true", "W/\"abc123\"|true", "junk|true",
  })
  void ifMatchFailsUnlessItListsTheTagStrongly(String ifMatch, boolean failed) {
    assertThat(StaticFiles.preconditionFailed(ifMatch, ETAG, null, MODIFIED)).isEqualTo(failed);
  }

  @Test
  void aWeakEtagNeverSatisfiesIfMatchButStarDoes() {
    assertThat(StaticFiles.preconditionFailed("W/\"abc123\"", "W/" + ETAG, null, MODIFIED)).isTrue();
    assertThat(StaticFiles.preconditionFailed("*", "W/" + ETAG, null, MODIFIED)).isFalse();
  }

  /** RFC 9110 §13.1.4: fails when the file changed after the date; If-Match, when present, decides alone. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Sun, 06 Nov 1994 08:49:37 GMT|false", "Sun, 06 Nov 1994 08:49:36 GMT|true", "Sunday, 06-Nov-94 08:49:36 GMT|true",
      "Mon, 07 Nov 1994 00:00:00 GMT|false", "not a date|false",
  })
  void ifUnmodifiedSinceFailsWhenTheFileIsNewer(String date, boolean failed) {
    assertThat(StaticFiles.preconditionFailed(null, ETAG, date, MODIFIED)).isEqualTo(failed);
    assertThat(StaticFiles.preconditionFailed(ETAG, ETAG, date, MODIFIED)).isFalse();
  }

  /** RFC 9110 §13.1.5: a resumed download gets its range only while the file is the one it began with. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"abc123\"|true", "\"stale\"|false", "W/\"abc123\"|false", "Sun, 06 Nov 1994 08:49:37 GMT|true",
      "Sun, 06 Nov 1994 08:49:38 GMT|false", "Sun Nov  6 08:49:37 1994|true", "garbage|false",
  })
  void ifRangeKeepsTheRangeOnlyForTheSameRepresentation(String ifRange, boolean applies) {
    assertThat(StaticFiles.rangeApplies(ifRange, ETAG, MODIFIED)).isEqualTo(applies);
    assertThat(StaticFiles.rangeApplies(null, ETAG, MODIFIED)).isTrue();
  }
}
