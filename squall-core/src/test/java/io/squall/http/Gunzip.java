package io.squall.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** Decodes gzip with the JDK's own reader, which checks the header, the CRC-32 and the length in the trailer. */
public final class Gunzip {
  private Gunzip() {}

  public static byte[] gunzip(byte[] gzip) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }
}
