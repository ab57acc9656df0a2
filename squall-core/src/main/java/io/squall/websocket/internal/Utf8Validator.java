package io.squall.websocket.internal;

import io.squall.ioloop.EventLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental UTF-8 validator (RFC 3629 §4), so that a text message can fail on its first bad
 * byte even when it arrives in many pieces (RFC 6455 §8.1: fail fast). A deterministic automaton in
 * the manner of Björn Höhrmann's decoder: each byte maps to one of 12 classes, and a state table
 * says what may follow. It rejects overlong forms (C0 AF), surrogates U+D800..U+DFFF (ED A0 80),
 * code points above U+10FFFF (F4 90 80 80), stray continuation bytes and bytes F5..FF. Runs of
 * ASCII are checked eight bytes at a time.
 *
 * <p>Thread rule: confined to its connection's loop; {@link #isValid} is stateless.
 */
public final class Utf8Validator {
  // Byte classes.
  private static final int ASCII = 0; // 00..7F
  private static final int CONT_80 = 1; // 80..8F continuation
  private static final int CONT_90 = 2; // 90..9F continuation
  private static final int CONT_A0 = 3; // A0..BF continuation
  private static final int LEAD_2 = 4; // C2..DF: one continuation follows
  private static final int LEAD_E0 = 5; // E0: A0..BF next (no overlong 3-byte forms)
  private static final int LEAD_3 = 6; // E1..EC, EE..EF: two continuations follow
  private static final int LEAD_ED = 7; // ED: 80..9F next (no surrogates)
  private static final int LEAD_F0 = 8; // F0: 90..BF next (no overlong 4-byte forms)
  private static final int LEAD_4 = 9; // F1..F3: three continuations follow
  private static final int LEAD_F4 = 10; // F4: 80..8F next (nothing above U+10FFFF)
  private static final int INVALID = 11; // C0, C1 (always overlong), F5..FF
  private static final int CLASSES = 12;

  // States, premultiplied by CLASSES so that a transition is one table lookup.
  private static final int ACCEPT = 0; // between code points
  private static final int NEED_1 = CLASSES; // one continuation byte to go
  private static final int NEED_2 = 2 * CLASSES;
  private static final int NEED_3 = 3 * CLASSES;
  private static final int AFTER_E0 = 4 * CLASSES;
  private static final int AFTER_ED = 5 * CLASSES;
  private static final int AFTER_F0 = 6 * CLASSES;
  private static final int AFTER_F4 = 7 * CLASSES;
  private static final int REJECT = 8 * CLASSES; // sticky: no input can make it valid again

  private static final byte[] CLASS = new byte[256];
  private static final byte[] NEXT = new byte[9 * CLASSES];

  static {
    fill(CLASS, 0x00, 0x7F, ASCII);
    fill(CLASS, 0x80, 0x8F, CONT_80);
    fill(CLASS, 0x90, 0x9F, CONT_90);
    fill(CLASS, 0xA0, 0xBF, CONT_A0);
    fill(CLASS, 0xC0, 0xC1, INVALID);
    fill(CLASS, 0xC2, 0xDF, LEAD_2);
    fill(CLASS, 0xE0, 0xE0, LEAD_E0);
    fill(CLASS, 0xE1, 0xEF, LEAD_3);
    fill(CLASS, 0xED, 0xED, LEAD_ED);
    fill(CLASS, 0xF0, 0xF0, LEAD_F0);
    fill(CLASS, 0xF1, 0xF3, LEAD_4);
    fill(CLASS, 0xF4, 0xF4, LEAD_F4);
    fill(CLASS, 0xF5, 0xFF, INVALID);

    Arrays.fill(NEXT, (byte) REJECT);
    go(ACCEPT, ASCII, ACCEPT);
    go(ACCEPT, LEAD_2, NEED_1);
    go(ACCEPT, LEAD_E0, AFTER_E0);
    go(ACCEPT, LEAD_3, NEED_2);
    go(ACCEPT, LEAD_ED, AFTER_ED);
    go(ACCEPT, LEAD_F0, AFTER_F0);
    go(ACCEPT, LEAD_4, NEED_3);
    go(ACCEPT, LEAD_F4, AFTER_F4);
    for (int cont : new int[] {CONT_80, CONT_90, CONT_A0}) {
      go(NEED_1, cont, ACCEPT);
      go(NEED_2, cont, NEED_1);
      go(NEED_3, cont, NEED_2);
    }
    go(AFTER_E0, CONT_A0, NEED_1);
    go(AFTER_ED, CONT_80, NEED_1);
    go(AFTER_ED, CONT_90, NEED_1);
    go(AFTER_F0, CONT_90, NEED_2);
    go(AFTER_F0, CONT_A0, NEED_2);
    go(AFTER_F4, CONT_80, NEED_2);
  }

  private static void fill(byte[] table, int from, int to, int value) {
    Arrays.fill(table, from, to + 1, (byte) value);
  }

  private static void go(int state, int byteClass, int next) {
    NEXT[state + byteClass] = (byte) next;
  }

  /** Touched only by the connection's loop. */
  private int state = ACCEPT;

  /** Forgets everything seen so far, ready for a new message. */
  public void reset() {
    state = ACCEPT;
  }

  /**
   * Feeds {@code buf[from..to)} (absolute indices; position and limit unchanged). Returns false as
   * soon as the bytes seen since {@link #reset()} cannot begin valid UTF-8; it then stays false.
   */
  public boolean update(ByteBuffer buf, int from, int to) {
    state = scan(state, buf, from, to);
    return state != REJECT;
  }

  /** Whether the bytes seen so far are valid UTF-8 that does not end inside a code point. */
  public boolean isComplete() {
    return state == ACCEPT;
  }

  /** Whether {@code buf[from..to)} is complete, valid UTF-8 on its own. */
  public static boolean isValid(ByteBuffer buf, int from, int to) {
    return scan(ACCEPT, buf, from, to) == ACCEPT;
  }

  private static int scan(int state, ByteBuffer buf, int from, int to) {
    Objects.checkFromToIndex(from, to, buf.limit());
    int i = from;
    while (i < to) {
      if (state == ACCEPT) {
        // ASCII fast path: eight bytes with no high bit set are eight complete code points.
        while (i <= to - 8 && (buf.getLong(i) & 0x8080_8080_8080_8080L) == 0) {
          i += 8;
        }
        if (i == to) {
          break;
        }
      }
      state = NEXT[state + CLASS[buf.get(i++) & 0xFF]];
      if (state == REJECT) {
        break;
      }
    }
    return state;
  }

  /**
   * The text of a payload already validated (a message's whole UTF-8). A payload outside the heap
   * (in the loop's read buffer) is first copied into the loop's scratch array rather than a fresh
   * one, so only the String's own bytes are allocated; {@code loop} (whose thread this runs on) is
   * not used for a heap payload and may then be null. The payload's position is unchanged.
   */
  static String decode(ByteBuffer payload, EventLoop loop) {
    int length = payload.remaining();
    if (payload.hasArray()) {
      return new String(payload.array(), payload.arrayOffset() + payload.position(), length, StandardCharsets.UTF_8);
    }
    byte[] bytes = loop.scratchBytes(length);
    payload.get(payload.position(), bytes, 0, length);
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
