package io.squall.websocket.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The validator agrees with the JDK's strict UTF-8 decoder on every input, whole or fed in two parts. */
class Utf8ValidatorFuzzTest {
  @FuzzTest(maxDuration = "15s")
  void agreesWithTheJdksStrictDecoder(byte[] input) {
    boolean jdk;
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input));
      jdk = true;
    } catch (CharacterCodingException e) {
      jdk = false;
    }
    ByteBuffer buf = ByteBuffer.wrap(input);
    if (Utf8Validator.isValid(buf, 0, input.length) != jdk) {
      throw new AssertionError("whole input: validator says " + !jdk + ", the JDK " + jdk);
    }
    Utf8Validator v = new Utf8Validator();
    int cut = input.length / 2;
    boolean split = v.update(buf, 0, cut) && v.update(buf, cut, input.length) && v.isComplete();
    if (split != jdk) {
      throw new AssertionError("input in two parts: validator says " + split + ", the JDK " + jdk);
    }
  }
}
