package io.squall.http.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.squall.http.HttpException;
import io.squall.http.HttpLimits;
import java.nio.ByteBuffer;

/**
 * Arbitrary bytes into the request parser, in arbitrary chunks and pipelined requests: it may
 * refuse them only with an {@link HttpException} (which becomes a 4xx/5xx answer), never anything else.
 */
class RequestParserFuzzTest {
  private static final HttpLimits SMALL = HttpLimits.defaults().withMaxRequestLineBytes(512).withMaxHeaderBytes(2048).withMaxBodyBytes(4096);

  @FuzzTest(maxDuration = "20s")
  void failsOnlyWithAnHttpException(byte[] input) {
    RequestParser parser = new RequestParser(SMALL);
    int chunk = input.length > 0 ? 1 + (input[0] & 0x7f) : 1;
    try {
      for (int from = 0; from < input.length; from += chunk) {
        ByteBuffer part = ByteBuffer.wrap(input, from, Math.min(chunk, input.length - from)).slice();
        while (part.hasRemaining()) {
          int before = part.position();
          if (parser.feed(part)) {
            parser.method();
            parser.headers().names();
            parser.body();
            parser.reset(); // the next pipelined request
          } else if (part.position() == before) {
            break;
          }
        }
      }
    } catch (HttpException expected) {
      // answered with its status
    }
  }
}
