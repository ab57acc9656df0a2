"""Python `websockets` (Debian python3-websockets) reaching a Squall server over a Unix-domain socket.

Usage: websockets_unix.py SOCKET_PATH
Connects with websockets.unix_connect (ws://localhost/echo through the socket file), echoes a text
and a binary message, then closes; prints one JSON line per case and exits 1 if any case failed.
"""
import asyncio
import json
import sys

try:
    import websockets
except ImportError:
    sys.exit("python3-websockets is not installed: apt-get install python3-websockets")


async def main(path):
    failed = False
    async with websockets.unix_connect(path, "ws://localhost/echo") as ws:
        for case, message in (("unix-echo-text", "über a unix socket"), ("unix-echo-binary", bytes(range(256)) * 4)):
            await ws.send(message)
            echoed = await asyncio.wait_for(ws.recv(), 10)
            ok = echoed == message
            failed |= not ok
            print(json.dumps({"case": case, "ok": ok, "type": type(echoed).__name__, "length": len(echoed)}), flush=True)
        await ws.close(1000, "done")
        ok = ws.close_code == 1000
        failed |= not ok
        print(json.dumps({"case": "unix-close", "ok": ok, "code": ws.close_code}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1])))
