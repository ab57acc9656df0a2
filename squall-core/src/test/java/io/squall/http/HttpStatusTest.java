package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpStatusTest {
  @Test
  void namesEveryStandardCode() {
    int[] standard = IntStream.concat(
            IntStream.of(100, 101, 200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 307, 308),
            IntStream.concat(IntStream.rangeClosed(400, 417), IntStream.of(421, 422, 426, 431, 451)))
        .toArray();
    int[] serverErrors = IntStream.rangeClosed(500, 505).toArray();

    for (int code : IntStream.concat(IntStream.of(standard), IntStream.of(serverErrors)).toArray()) {
      assertThat(HttpStatus.reasonPhrase(code)).as("code %d", code).isNotEqualTo("Unknown");
    }
  }

  @Test
  void usesTheRfc9110Phrases() {
    assertThat(HttpStatus.reasonPhrase(HttpStatus.OK)).isEqualTo("OK");
    assertThat(HttpStatus.reasonPhrase(HttpStatus.SWITCHING_PROTOCOLS)).isEqualTo("Switching Protocols");
    assertThat(HttpStatus.reasonPhrase(HttpStatus.NOT_FOUND)).isEqualTo("Not Found");
    assertThat(HttpStatus.reasonPhrase(HttpStatus.PAYLOAD_TOO_LARGE)).isEqualTo("Content Too Large");
    assertThat(HttpStatus.reasonPhrase(HttpStatus.URI_TOO_LONG)).isEqualTo("URI Too Long");
    assertThat(HttpStatus.reasonPhrase(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE))
        .isEqualTo("Request Header Fields Too Large");
    assertThat(HttpStatus.reasonPhrase(HttpStatus.HTTP_VERSION_NOT_SUPPORTED)).isEqualTo("HTTP Version Not Supported");
    assertThat(HttpStatus.reasonPhrase(451)).isEqualTo("Unavailable For Legal Reasons");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 99, 199, 299, 306, 418, 499, 599, 600, 1000})
  void callsOtherCodesUnknown(int code) {
    assertThat(HttpStatus.reasonPhrase(code)).isEqualTo("Unknown");
  }

  @Test
  void definesTheCommonCodes() {
    assertThat(new int[] {
          HttpStatus.OK, HttpStatus.SWITCHING_PROTOCOLS, HttpStatus.PARTIAL_CONTENT, HttpStatus.NOT_MODIFIED,
          HttpStatus.BAD_REQUEST, HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN, HttpStatus.NOT_FOUND,
          HttpStatus.METHOD_NOT_ALLOWED, HttpStatus.PAYLOAD_TOO_LARGE, HttpStatus.URI_TOO_LONG,
          HttpStatus.RANGE_NOT_SATISFIABLE, HttpStatus.UPGRADE_REQUIRED, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
          HttpStatus.INTERNAL_SERVER_ERROR, HttpStatus.NOT_IMPLEMENTED, HttpStatus.HTTP_VERSION_NOT_SUPPORTED
        })
        .containsExactly(200, 101, 206, 304, 400, 401, 403, 404, 405, 413, 414, 416, 426, 431, 500, 501, 505);
  }
}
