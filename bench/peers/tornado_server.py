"""Tornado peer for the benchmarks (Debian python3-tornado): /echo and /broadcast.

Usage: tornado_server.py PORT. Written as Tornado's docs show; no debug, no logging per message.
"""
import sys

import tornado.ioloop
import tornado.web
import tornado.websocket

room = set()


class Echo(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))


class Relay(tornado.websocket.WebSocketHandler):
    def open(self):
        room.add(self)

    def on_message(self, message):
        for other in room:
            if other is not self:
                other.write_message(message)

    def on_close(self):
        room.discard(self)


app = tornado.web.Application([(r"/echo", Echo), (r"/broadcast", Relay)], websocket_max_message_size=2 << 20)
port = int(sys.argv[1])
app.listen(port, address="127.0.0.1", backlog=4096)
print(f"listening {port}", flush=True)
tornado.ioloop.IOLoop.current().start()
