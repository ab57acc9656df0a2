"""An echo server on Python's `websockets` (Debian python3-websockets), for Squall's client interop tests.

Usage: websockets_echo.py PORT|unix:PATH [LIFETIME_SECONDS]
Binds 127.0.0.1:PORT (0 = any free port) and prints "listening PORT" once it accepts connections;
with unix:PATH it listens on a Unix-domain socket there instead (websockets.unix_serve) and prints
"listening unix".
Exits when stdin closes (the test JVM is gone) or after LIFETIME_SECONDS (default 120).

Text commands (everything else is echoed, binary as binary):
  close:CODE:REASON     closes with that code and reason
  close                 closes with no status code (an empty close frame)
  burst:N:SIZE          sends N text messages "I:" + "b" * SIZE, I = 0..N-1, back to back
  fragments:N           sends "é" * 50N + "!" as a text message in N fragments
  binfragments:N:SIZE   sends SIZE bytes (byte i = i % 251) as a binary message in N fragments
  ping:PAYLOAD          pings with PAYLOAD; once the matching pong arrives, sends "pong:PAYLOAD"
  lastclose?            replies "CODE REASON" of the last connection that closed, or "none"
Offers the subprotocol "squall.test".
Paths: "/refuse" is answered 403 Forbidden; on "/greet..." the server first sends "hello " + the
request target (path and query as received). Any other path is a plain echo.
"""
import asyncio
import http
import os
import signal
import sys
import threading

try:
    import websockets
    from websockets.frames import Close
except ImportError as e:
    print(f"missing module: {e}", flush=True)
    sys.exit(3)

last_close = "none"


def chunks(data, n):
    size = -(-len(data) // n)
    return [data[i:i + size] for i in range(0, len(data), size)]


async def command(ws, text):
    """Runs a command; False when the text is no command and should be echoed."""
    if text.startswith("close:"):
        _, code, reason = text.split(":", 2)
        await ws.close(int(code), reason)
    elif text == "close":
        # close() always sends a code; the protocol's own writer can send the empty body.
        await ws.write_close_frame(Close(1005, ""), b"")
        await ws.wait_closed()
    elif text.startswith("burst:"):
        _, n, size = text.split(":")
        for i in range(int(n)):
            await ws.send(f"{i}:" + "b" * int(size))
    elif text.startswith("fragments:"):
        n = int(text.split(":")[1])
        await ws.send(chunks("é" * (50 * n) + "!", n))  # an iterable goes out as fragments
    elif text.startswith("binfragments:"):
        _, n, size = text.split(":")
        await ws.send(chunks(bytes(i % 251 for i in range(int(size))), int(n)))
    elif text.startswith("ping:"):
        payload = text[5:]
        waiter = await ws.ping(payload.encode())
        await asyncio.wait_for(waiter, 10)  # resolves only on a pong with this payload
        await ws.send("pong:" + payload)
    elif text == "lastclose?":
        await ws.send(last_close)
    else:
        return False
    return True


async def refuse(path, headers):
    if path == "/refuse":
        return http.HTTPStatus.FORBIDDEN, [], b"refused\n"
    return None


async def handler(ws):
    global last_close
    try:
        if ws.path.startswith("/greet"):
            await ws.send("hello " + ws.path)
        async for message in ws:
            if isinstance(message, bytes) or not await command(ws, message):
                await ws.send(message)
    except websockets.ConnectionClosedError:
        pass  # any close code but 1000 and 1001 ends the iteration with this error
    finally:
        await ws.wait_closed()
        last_close = f"{ws.close_code} {ws.close_reason}"


async def main(where):
    options = dict(max_size=16 << 20, subprotocols=["squall.test"], process_request=refuse)
    if where.startswith("unix:"):
        async with websockets.unix_serve(handler, where[len("unix:"):], **options):
            print("listening unix", flush=True)
            await asyncio.Future()
    async with websockets.serve(handler, "127.0.0.1", int(where), **options) as server:
        print("listening", server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    signal.alarm(int(sys.argv[2]) if len(sys.argv) > 2 else 120)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    asyncio.run(main(sys.argv[1]))
