"""Echo server on Tornado (Debian python3-tornado): a WebSocketHandler, for our client's interop tests.

Usage: tornado_echo.py PORT — prints "listening PORT" when ready. Same text commands as
websockets_echo.py. Loopback only.
"""
import sys

import tornado.ioloop
import tornado.web
import tornado.websocket

last_close = ["none"]


class Echo(tornado.websocket.WebSocketHandler):
    def on_message(self, message):
        if isinstance(message, str) and message.startswith("close:"):
            _, code, reason = message.split(":", 2)
            self.close(int(code), reason)
        elif message == "lastclose?":
            self.write_message(last_close[0])
        else:
            self.write_message(message, binary=isinstance(message, bytes))

    def on_close(self):
        last_close[0] = f"{self.close_code} {self.close_reason}"


app = tornado.web.Application([(r"/.*", Echo)], websocket_max_message_size=2 ** 21)
port = int(sys.argv[1])
app.listen(port, address="127.0.0.1")
print(f"listening {port}", flush=True)
tornado.ioloop.IOLoop.current().start()
