package io.squall.interop;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Closes seen by {@link CloseOnRequestSocket}s, by socket name. Safe from any thread. */
final class PeerCloses {
  private final Map<String, CompletableFuture<PeerClose>> byName = new ConcurrentHashMap<>();

  void record(String name, PeerClose close) {
    slot(name).complete(close);
  }

  /** The close of socket {@code name}, waiting up to 10 s for it. */
  PeerClose await(String name) throws Exception {
    try {
      return slot(name).get(10, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Socket /close/" + name + " did not close within 10 s; sockets seen: " + byName, e);
    }
  }

  private CompletableFuture<PeerClose> slot(String name) {
    return byName.computeIfAbsent(name, n -> new CompletableFuture<>());
  }
}
