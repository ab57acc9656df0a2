package io.squall.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7578 bodies as browsers send them, and the malformed ones a client may send instead. */
class MultipartFormTest {
  private static final String TYPE = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk";
  private static final String D = "------WebKitFormBoundary7MA4YWxk";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsFieldsAndFilesInOrder() {
    String body = "preamble to ignore\r\n" + D + "\r\n"
        + "Content-Disposition: form-data; name=\"_xsrf\"\r\n\r\n2|abc\r\n" + D + "\r\n"
        + "Content-Disposition: form-data; name=\"note\"\r\n\r\nline one\r\nline two\r\n" + D + "\r\n"
        + "Content-Disposition: form-data; name=\"upload\"; filename=\"r\u00e9sum\u00e9.txt\"\r\nContent-Type: text/plain\r\n\r\n"
        + "file body\r\n" + D + "\r\n"
        + "Content-Disposition: form-data; name=\"upload\"; filename=\"empty.bin\"\r\n\r\n\r\n" + D + "--\r\nepilogue";
    MultipartForm.Parsed p = MultipartForm.parse(bytes(body), TYPE);
    assertThat(p.fields()).containsExactly(
        org.assertj.core.api.Assertions.entry("_xsrf", List.of("2|abc")),
        org.assertj.core.api.Assertions.entry("note", List.of("line one\r\nline two")));
    List<UploadedFile> uploads = p.files().get("upload");
    assertThat(uploads).extracting(UploadedFile::filename).containsExactly("r\u00e9sum\u00e9.txt", "empty.bin");
    assertThat(uploads).extracting(UploadedFile::contentType).containsExactly("text/plain", "application/octet-stream");
    assertThat(new String(uploads.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("file body");
    assertThat(uploads.get(1).body()).isEmpty();
  }

  @Test
  void keepsBinaryFileBytesThatLookLikeABoundaryMidLine() {
    byte[] data = {0, (byte) 0xff, '\r', '\n', '-', '-', 'x', '\r', 0x7f};
    byte[] head = bytes(D + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"b.bin\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n");
    byte[] tail = bytes("\r\n" + D + "--\r\n");
    byte[] body = new byte[head.length + data.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(data, 0, body, head.length, data.length);
    System.arraycopy(tail, 0, body, head.length + data.length, tail.length);
    assertThat(MultipartForm.parse(body, TYPE).files().get("f").getFirst().body()).containsExactly(data);
  }

  /** Content full of the delimiter's beginnings, overlapping, ends only at the real delimiter. */
  @Test
  void findsTheDelimiterAfterRunsOfItsOwnPrefix() {
    String decoys = "\r\n--\r\n----\r\n" + D.substring(0, D.length() - 1) + "\r\n" + D.substring(0, 10) + D + "x";
    String body = D + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"d.txt\"\r\n\r\n" + decoys + "\r\n" + D + "--";
    assertThat(new String(MultipartForm.parse(bytes(body), TYPE).files().get("f").getFirst().body(), StandardCharsets.UTF_8))
        .isEqualTo(decoys);
  }

  @Test
  void readsQuotedBoundariesAndEscapedNames() {
    String body = "--a b\r\nContent-Disposition: form-data; name=\"q\\\"uote\"; filename=\"x;y.txt\"\r\n\r\nv\r\n--a b--";
    MultipartForm.Parsed p = MultipartForm.parse(bytes(body), "multipart/form-data; charset=utf-8; boundary=\"a b\"");
    assertThat(p.files().get("q\"uote").getFirst().filename()).isEqualTo("x;y.txt");
  }

  @ParameterizedTest
  @ValueSource(strings = {"multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\""})
  void refusesAContentTypeWithoutABoundary(String type) {
    assertThatThrownBy(() -> MultipartForm.parse(bytes(D + "--"), type))
        .isInstanceOf(HttpException.class)
        .hasMessage("Malformed multipart/form-data body: no boundary of 1 to 70 characters in its Content-Type.")
        .extracting(e -> ((HttpException) e).status()).isEqualTo(400);
  }

  @Test
  void refusesTruncatedOrMalformedBodiesWith400() {
    String part = "Content-Disposition: form-data; name=\"a\"\r\n\r\n1";
    assertRefused("no boundary at all", "no opening boundary");
    assertRefused(D + "\r\n" + part, "no closing boundary");
    assertRefused(D + "\r\nContent-Disposition: form-data; name=\"a\"\r\n1\r\n" + D + "--", "a part without the blank line that ends its headers");
    assertRefused(D + "\r\nX-Other: 1\r\n\r\n1\r\n" + D + "--", "a part without Content-Disposition");
    assertRefused(D + "\r\nContent-Disposition: form-data\r\n\r\n1\r\n" + D + "--", "a part without a name");
    assertRefused(D + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n" + D + "--", "a part that is not form-data");
    assertRefused(D + "junk\r\n" + part + "\r\n" + D + "--", "a boundary line that does not end the line");
  }

  @Test
  void fieldThatIsNotUtf8IsRefused() {
    byte[] head = bytes(D + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n");
    byte[] tail = bytes("\r\n" + D + "--\r\n");
    byte[] body = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    body[head.length] = (byte) 0xE9; // Latin-1 'é', not UTF-8
    System.arraycopy(tail, 0, body, head.length + 1, tail.length);
    assertThatThrownBy(() -> MultipartForm.parse(body, TYPE)).isInstanceOf(HttpException.class)
        .hasMessage("Malformed multipart/form-data body: field 'note' is not UTF-8.");
  }

  private static void assertRefused(String body, String what) {
    assertThatThrownBy(() -> MultipartForm.parse(bytes(body), TYPE))
        .isInstanceOf(HttpException.class).hasMessage("Malformed multipart/form-data body: " + what + ".");
  }
}
