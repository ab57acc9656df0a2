package io.squall.interop.client;

/**
 * Our client offering permessage-deflate to gorilla, which takes it without context takeover on
 * either side (the only form gorilla knows): every case again, gorilla compressing what it writes.
 */
class CompressedGorillaServerIT extends ServerUnderTest implements CompressionAgreed {
  @Override
  InteropServer.Kind kind() {
    return InteropServer.Kind.GORILLA_COMPRESSING;
  }
}
