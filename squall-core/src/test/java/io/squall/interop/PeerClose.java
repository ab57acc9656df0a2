package io.squall.interop;

/** What a server handler saw when its socket ended: {@code closeCode()} and {@code closeReason()}. */
record PeerClose(int code, String reason) {}
