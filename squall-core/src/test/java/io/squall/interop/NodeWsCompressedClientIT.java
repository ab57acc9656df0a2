package io.squall.interop;

/**
 * Node's {@code ws} against a Squall server that accepts permessage-deflate: every case of the
 * contract again, compressed both ways (ws offers compression by default).
 */
class NodeWsCompressedClientIT extends NodeWsClientIT {
  @Override
  boolean compressing() {
    return true;
  }
}
