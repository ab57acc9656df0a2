package io.squall.http.internal;

import static io.squall.http.GzipBytes.gunzip;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class GzipCodingTest {
  static byte[] text(int bytes) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < bytes; i++) {
      sb.append("<li>line ").append(i).append(" of a page</li>\n");
    }
    return sb.substring(0, bytes).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aWholeBodyDecodesToItselfAndIsSmaller() throws IOException {
    byte[] body = text(100_000);
    byte[] gzip = GzipCoding.compress(body);
    assertThat(gunzip(gzip)).isEqualTo(body);
    assertThat(gzip.length).isLessThan(body.length / 5);
    // RFC 1952 §2.3: ID1 ID2 and CM 8 (deflate)
    assertThat(Arrays.copyOf(gzip, 3)).containsExactly(0x1f, 0x8b, 8);
  }

  @Test
  void incompressibleAndEmptyBodiesStillDecode() throws IOException {
    byte[] noise = new byte[300_000];
    new Random(7).nextBytes(noise);
    assertThat(gunzip(GzipCoding.compress(noise))).isEqualTo(noise);
    assertThat(gunzip(GzipCoding.compress(new byte[0]))).isEmpty();
  }

  @Test
  void theLoopDeflaterIsResetBetweenBodies() throws IOException {
    byte[] first = text(5000);
    byte[] second = "another body, unrelated to the first".getBytes(StandardCharsets.UTF_8);
    GzipCoding.compress(first);
    assertThat(gunzip(GzipCoding.compress(second))).isEqualTo(second);
  }

  @Test
  void aStreamedBodyDecodesWholeAtTheEnd() throws IOException {
    byte[] body = text(200_000);
    GzipCoding coding = new GzipCoding();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < body.length; at += 65_536) {
      ByteBuffer piece = ByteBuffer.wrap(body, at, Math.min(65_536, body.length - at));
      ByteBuffer encoded = coding.next(piece);
      assertThat(piece.hasRemaining()).as("input consumed").isFalse();
      out.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
    }
    ByteBuffer tail = coding.finish();
    out.write(tail.array(), tail.position(), tail.remaining());
    assertThat(gunzip(out.toByteArray())).isEqualTo(body);
  }

  @Test
  void eachStreamedPieceCanBeDecodedAsSoonAsItArrives() throws Exception {
    GzipCoding coding = new GzipCoding();
    Inflater inflater = new Inflater(true);
    byte[] decoded = new byte[1000];
    String[] pieces = {"data: first event\n\n", "data: second event\n\n"};
    boolean header = true;
    for (String piece : pieces) {
      ByteBuffer encoded = coding.next(ByteBuffer.wrap(piece.getBytes(StandardCharsets.UTF_8)));
      byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position() + (header ? 10 : 0), encoded.limit());
      header = false;
      inflater.setInput(bytes);
      int n = inflater.inflate(decoded);
      assertThat(new String(decoded, 0, n, StandardCharsets.UTF_8)).isEqualTo(piece);
    }
    coding.finish();
  }

  @Test
  void aStreamWithNoPiecesIsAValidEmptyBody() throws IOException {
    ByteBuffer only = new GzipCoding().finish();
    assertThat(gunzip(Arrays.copyOfRange(only.array(), only.position(), only.limit()))).isEmpty();
  }
}
