/**
 * Squall's core: event loops, the HTTP/1.1 server, the web layer and WebSocket (server, client,
 * groups). Only public API packages are exported; {@code *.internal} packages are not.
 */
module io.squall.core {
  requires org.slf4j;
  requires static com.fasterxml.jackson.databind;
  requires static io.pebbletemplates;

  exports io.squall.ioloop;
  exports io.squall.net;
  exports io.squall.http;
  exports io.squall.json;
  exports io.squall.web;
  exports io.squall.websocket;
  exports io.squall.pubsub;
  exports io.squall.examples;
}
