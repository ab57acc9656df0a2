package io.squall.interop;

/**
 * gorilla's client offering permessage-deflate in its only form (no context takeover either way)
 * against a Squall server that accepts it: every case again, compressed both ways.
 */
class GorillaCompressedClientIT extends GorillaClientIT {
  @Override
  ClientScript client() {
    return super.client().withEnv("GORILLA_COMPRESSION", "1");
  }

  @Override
  boolean compressing() {
    return true;
  }
}
