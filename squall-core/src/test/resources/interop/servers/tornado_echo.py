"""An echo server on Tornado's WebSocketHandler (Debian python3-tornado), for Squall's client interop tests.

Usage: tornado_echo.py PORT [LIFETIME_SECONDS]
Binds 127.0.0.1:PORT (0 = any free port) and prints "listening PORT" once it accepts connections.
Exits when stdin closes (the test JVM is gone) or after LIFETIME_SECONDS (default 120).

Text commands (everything else is echoed, binary as binary):
  close:CODE:REASON     closes with that code and reason
  close                 closes with no status code (an empty close frame)
  burst:N:SIZE          sends N text messages "I:" + "b" * SIZE, I = 0..N-1, back to back
  fragments:N           sends "é" * 50N + "!" as a text message in N fragments, cut inside a
                        UTF-8 sequence, with a ping after the first fragment
  binfragments:N:SIZE   sends SIZE bytes (byte i = i % 251) as a binary message in N fragments
  ping:PAYLOAD          pings with PAYLOAD; on the pong, sends "pong:" + the pong's payload
  lastclose?            replies "CODE REASON" of the last connection that closed, or "none"
Selects the subprotocol "squall.test" when offered.
Paths: "/refuse" is answered 403 Forbidden; on "/greet..." the server first sends "hello " + the
request target (path and query as received). Any other path is a plain echo.
"""
import asyncio
import os
import signal
import sys
import threading

try:
    import tornado.httpserver
    import tornado.netutil
    import tornado.web
    import tornado.websocket
except ImportError as e:
    print(f"missing module: {e}", flush=True)
    sys.exit(3)

OPCODE_CONTINUATION, OPCODE_TEXT, OPCODE_BINARY = 0x0, 0x1, 0x2
last_close = "none"


def chunks(data, n):
    size = -(-len(data) // n)
    return [data[i:i + size] for i in range(0, len(data), size)]


class Echo(tornado.websocket.WebSocketHandler):
    def prepare(self):
        if self.request.path == "/refuse":
            raise tornado.web.HTTPError(403)

    def open(self):
        if self.request.path.startswith("/greet"):
            self.write_message("hello " + self.request.uri)

    def select_subprotocol(self, subprotocols):
        return "squall.test" if "squall.test" in subprotocols else None

    def on_message(self, message):
        if isinstance(message, bytes):
            self.write_message(message, binary=True)
        elif message.startswith("close:"):
            _, code, reason = message.split(":", 2)
            self.close(int(code), reason)
        elif message == "close":
            self.close()
        elif message.startswith("burst:"):
            _, n, size = message.split(":")
            for i in range(int(n)):
                self.write_message(f"{i}:" + "b" * int(size))
        elif message.startswith("fragments:"):
            n = int(message.split(":")[1])
            self.send_fragments(OPCODE_TEXT, chunks(("é" * (50 * n) + "!").encode(), n), ping_between=True)
        elif message.startswith("binfragments:"):
            _, n, size = message.split(":")
            self.send_fragments(OPCODE_BINARY, chunks(bytes(i % 251 for i in range(int(size))), int(n)))
        elif message.startswith("ping:"):
            self.ping(message[5:].encode())
        elif message == "lastclose?":
            self.write_message(last_close)
        else:
            self.write_message(message)

    def send_fragments(self, opcode, parts, ping_between=False):
        # WebSocketHandler has no public way to fragment; _write_frame is the protocol's own writer.
        protocol = self.ws_connection
        for i, part in enumerate(parts):
            protocol._write_frame(i == len(parts) - 1, opcode if i == 0 else OPCODE_CONTINUATION, part)
            if ping_between and i == 0:
                self.ping(b"between fragments")

    def on_pong(self, data):
        if data != b"between fragments":
            self.write_message("pong:" + data.decode())

    def on_close(self):
        global last_close
        last_close = f"{self.close_code} {self.close_reason}"


async def main(port):
    app = tornado.web.Application([(r"/.*", Echo)], websocket_max_message_size=16 << 20)
    sockets = tornado.netutil.bind_sockets(port, "127.0.0.1")
    tornado.httpserver.HTTPServer(app).add_sockets(sockets)
    print("listening", sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    signal.alarm(int(sys.argv[2]) if len(sys.argv) > 2 else 120)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    asyncio.run(main(int(sys.argv[1])))
