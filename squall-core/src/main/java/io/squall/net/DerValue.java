package io.squall.net;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One DER value (ITU-T X.690 §8.1, §10.1): a tag and its contents, read from a key file or made to
 * wrap one. Only what PEM private keys need: one-byte tags, definite lengths in the short and the
 * long form. Immutable; its contents are never handed out to code outside this package.
 */
final class DerValue {
  static final int TAG_INTEGER = 0x02;
  static final int TAG_OCTET_STRING = 0x04;
  static final int TAG_NULL = 0x05;
  static final int TAG_OBJECT_IDENTIFIER = 0x06;
  static final int TAG_SEQUENCE = 0x30;
  /** {@code [0]}, constructed: an ECPrivateKey's curve parameters (RFC 5915 §3). */
  static final int TAG_CONTEXT_0 = 0xA0;
  /** X.690 §8.1.2.4: tag number 31 in the first byte means more tag bytes follow. */
  private static final int TAG_NUMBER_MULTI_BYTE = 0x1F;
  /** X.690 §8.1.3.4-5: bit 8 set in the first length byte means the long form (or 0x80, indefinite). */
  private static final int LENGTH_LONG_FORM = 0x80;
  /** Lengths of up to 4 bytes (2 GiB); a key is a few kilobytes. */
  private static final int MAX_LENGTH_BYTES = 4;

  private final int tag;
  private final byte[] contents;

  private DerValue(int tag, byte[] contents) {
    this.tag = tag;
    this.contents = contents;
  }

  /** Bytes that are not the DER this class reads; the message is short and the caller names the file. */
  static final class MalformedException extends Exception {
    MalformedException(String message) {
      super(message);
    }
  }

  /** The one value {@code der} holds, with nothing after it. */
  static DerValue parse(byte[] der) throws MalformedException {
    List<DerValue> values = new ArrayList<>(1);
    int end = read(der, 0, values);
    if (end != der.length) {
      throw new MalformedException("the value ends at byte " + end + " of " + der.length + ".");
    }
    return values.get(0);
  }

  /** A value of {@code tag} around {@code contents}. */
  static DerValue of(int tag, byte[] contents) {
    return new DerValue(tag, contents.clone());
  }

  /** A SEQUENCE of {@code elements}, in order. */
  static DerValue sequence(DerValue... elements) {
    return sequence(List.of(elements));
  }

  static DerValue sequence(List<DerValue> elements) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (DerValue element : elements) {
      body.writeBytes(element.encoded());
    }
    return new DerValue(TAG_SEQUENCE, body.toByteArray());
  }

  int tag() {
    return tag;
  }

  /** Whether this is an INTEGER of value {@code value} (0 to 127, as key versions are). */
  boolean isSmallInteger(int value) {
    return tag == TAG_INTEGER && contents.length == 1 && contents[0] == value;
  }

  /** The values inside this one (a SEQUENCE's elements, or what a {@code [0]} wraps), in order. */
  List<DerValue> elements() throws MalformedException {
    List<DerValue> elements = new ArrayList<>();
    for (int at = 0; at < contents.length; ) {
      at = read(contents, at, elements);
    }
    return elements;
  }

  /** Tag, length and contents. */
  byte[] encoded() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int length = contents.length;
    if (length < LENGTH_LONG_FORM) {
      out.write(length);
    } else {
      int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(LENGTH_LONG_FORM | bytes);
      for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  /** Reads the value that starts at {@code at} into {@code out}; returns where the next one starts. */
  private static int read(byte[] in, int start, List<DerValue> out) throws MalformedException {
    if (start >= in.length) {
      throw new MalformedException("nothing at byte " + start + ", where a value should start.");
    }
    int tag = in[start] & 0xFF;
    if ((tag & TAG_NUMBER_MULTI_BYTE) == TAG_NUMBER_MULTI_BYTE) {
      throw new MalformedException(String.format("multi-byte tag 0x%02X at byte %d.", tag, start));
    }
    if (start + 1 >= in.length) {
      throw new MalformedException(String.format("tag 0x%02X at byte %d has no length.", tag, start));
    }
    int first = in[start + 1] & 0xFF;
    int at = start + 2;
    long length = first;
    if (first == LENGTH_LONG_FORM) {
      throw new MalformedException(String.format("tag 0x%02X at byte %d has an indefinite length (BER, not DER).", tag, start));
    } else if (first > LENGTH_LONG_FORM) {
      int bytes = first & ~LENGTH_LONG_FORM;
      if (bytes > MAX_LENGTH_BYTES) {
        throw new MalformedException(String.format("tag 0x%02X at byte %d has a %d-byte length (at most %d).", tag, start, bytes, MAX_LENGTH_BYTES));
      }
      if (bytes > in.length - at) {
        throw new MalformedException(String.format("tag 0x%02X at byte %d has a %d-byte length, %d left.", tag, start, bytes, in.length - at));
      }
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = length << 8 | (in[at++] & 0xFF);
      }
    }
    if (length > in.length - at) {
      throw new MalformedException(String.format("tag 0x%02X at byte %d has %d bytes of contents, %d left.",
          tag, start, length, in.length - at));
    }
    int end = at + (int) length;
    out.add(new DerValue(tag, Arrays.copyOfRange(in, at, end)));
    return end;
  }
}
