"""Echo server on Python `websockets` (Debian python3-websockets), for our client's interop tests.

Usage: websockets_echo.py PORT — prints "listening PORT" when ready. Text commands:
"close:CODE:REASON" closes with that code and reason; "lastclose?" answers "CODE REASON" of the
previous connection's close; anything else is echoed with its type. Loopback only.
"""
import asyncio
import sys

import websockets

last_close = ["none"]


async def handler(ws, path=None):
    try:
        async for message in ws:
            if isinstance(message, str) and message.startswith("close:"):
                _, code, reason = message.split(":", 2)
                await ws.close(int(code), reason)
                return
            if message == "lastclose?":
                await ws.send(last_close[0])
                continue
            await ws.send(message)
    except websockets.ConnectionClosed:
        pass
    finally:
        last_close[0] = f"{ws.close_code} {ws.close_reason}"


async def main(port):
    async with websockets.serve(handler, "127.0.0.1", port, max_size=2 ** 21):
        print(f"listening {port}", flush=True)
        await asyncio.Future()


asyncio.run(main(int(sys.argv[1])))
