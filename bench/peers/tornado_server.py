"""Tornado peer for ./squall bench: /echo echoes, /broadcast relays each text message to every
socket of the route, as Tornado's chat demo does. One process, one IOLoop.
permessage-deflate is accepted when a client offers it: both handlers return {} from
get_compression_options(), Tornado's documented switch, so its defaults apply (zlib level 6,
mem_level 8, 15-bit window, context takeover kept on both sides unless the client asks
otherwise, every message compressed, no size threshold). A client that does not offer it gets
plain frames.
Usage: /usr/bin/python3 tornado_server.py PORT"""
import sys

import tornado.ioloop
import tornado.web
import tornado.websocket

ROOM = set()


class Echo(tornado.websocket.WebSocketHandler):
    def get_compression_options(self):
        return {}

    def on_message(self, message):
        self.write_message(message, binary=isinstance(message, bytes))


class Broadcast(tornado.websocket.WebSocketHandler):
    def get_compression_options(self):
        return {}

    def open(self):
        ROOM.add(self)

    def on_message(self, message):
        for client in ROOM:
            client.write_message(message)

    def on_close(self):
        ROOM.discard(self)


def main():
    port = int(sys.argv[1])
    app = tornado.web.Application(
        [(r"/echo", Echo), (r"/broadcast", Broadcast)],
        websocket_max_message_size=4 * 1024 * 1024,
    )
    app.listen(port, address="127.0.0.1", backlog=4096)
    print("tornado listening on 127.0.0.1:%d" % port, flush=True)
    tornado.ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
