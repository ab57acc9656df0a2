package io.squall.interop;

/**
 * Tornado's client offering permessage-deflate against a Squall server that accepts it: every case
 * again, compressed both ways. Tornado (6.2 to 6.5) reads only parameters that carry a value, so it
 * never sees a valueless {@code client_no_context_takeover} in the answer and keeps its context: a
 * server must not ask for it unless the client offered it, or the second similar message fails.
 */
class TornadoCompressedClientIT extends TornadoClientIT {
  @Override
  ClientScript client() {
    return super.client().withEnv("TORNADO_COMPRESSION", "1");
  }

  @Override
  boolean compressing() {
    return true;
  }
}
