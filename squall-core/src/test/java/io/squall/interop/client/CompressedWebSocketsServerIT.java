package io.squall.interop.client;

/**
 * Our client offering permessage-deflate to Python {@code websockets}, which accepts it: every
 * case again, each message compressed both ways, and no context kept between messages (our offer).
 */
class CompressedWebSocketsServerIT extends WebSocketsServerIT implements CompressionAgreed {}
