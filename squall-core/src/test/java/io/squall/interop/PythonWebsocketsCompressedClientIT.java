package io.squall.interop;

/**
 * Python {@code websockets} against a Squall server that accepts permessage-deflate: every case of
 * the contract again, each message compressed both ways (the library offers compression by default).
 */
class PythonWebsocketsCompressedClientIT extends PythonWebsocketsClientIT {
  @Override
  boolean compressing() {
    return true;
  }
}
