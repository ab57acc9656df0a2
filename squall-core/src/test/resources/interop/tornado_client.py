"""Tornado's WebSocket client (Debian python3-tornado) as a client of a Squall server.

Usage: tornado_client.py ws://127.0.0.1:PORT SIZE...
Prints one JSON line per case (see patterns.Cases) and exits 1 if any case failed.
Tornado cannot send fragmented messages, so this client has no fragment cases.
With TORNADO_COMPRESSION=1 in the environment every connection offers permessage-deflate
(Tornado's compression_options={}: it then compresses every message it sends).
"""
import asyncio
import os
import sys

try:
    from tornado.websocket import websocket_connect
except ImportError:
    sys.exit("python3-tornado is not installed: apt-get install python3-tornado")

import patterns
from patterns import PING_PAYLOAD, Cases, binary_of, compare_echo, expect, text_of

COMPRESSION = {} if os.environ.get("TORNADO_COMPRESSION") == "1" else None


def connect(url, **kwargs):
    return websocket_connect(url, compression_options=COMPRESSION, **kwargs)


async def echo(conn, message):
    await conn.write_message(message, binary=isinstance(message, bytes))
    return compare_echo(message, await conn.read_message())


async def ping(conn, payload):
    pongs = asyncio.Queue()
    conn.on_pong = pongs.put_nowait  # Tornado calls the connection's on_pong(data)
    conn.ping(payload)
    got = await pongs.get()
    expect(got == payload, f"pong payload {got.hex()}")
    return {"payload": got.hex()}


async def client_close(url):
    conn = await connect(url)
    conn.close(4000, "client bye")
    expect(await conn.read_message() is None, "a message after close")  # None: connection closed
    return {"code": conn.close_code, "reason": conn.close_reason}


async def server_close(url):
    conn = await connect(url)
    await conn.write_message("close:4001:bye")
    expect(await conn.read_message() is None, "a message instead of the close")
    expect((conn.close_code, conn.close_reason) == (4001, "bye"),
           f"closed with {conn.close_code} {conn.close_reason!r}")
    return {"code": conn.close_code, "reason": conn.close_reason}


async def main(base, sizes):
    cases = Cases()
    conn = await connect(base + "/echo", max_message_size=16 << 20)
    for size in sizes:
        await cases.run(f"echo-text-{size}", echo(conn, text_of(size)))
        await cases.run(f"echo-binary-{size}", echo(conn, binary_of(size)))
    await cases.run("ping-125", ping(conn, PING_PAYLOAD))
    await cases.run("ping-empty", ping(conn, b""))
    conn.close(1000)
    await cases.run("client-close", client_close(base + "/close/client_bye"))
    await cases.run("server-close", server_close(base + "/close/server_bye"))
    return cases


if __name__ == "__main__":
    patterns.main(main)
