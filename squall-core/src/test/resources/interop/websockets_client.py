"""Python `websockets` (Debian python3-websockets) as a client of a Squall server.

Usage: websockets_client.py ws://127.0.0.1:PORT SIZE...
Prints one JSON line per case (see patterns.Cases) and exits 1 if any case failed.
"""
import asyncio
import sys

try:
    import websockets
except ImportError:
    sys.exit("python3-websockets is not installed: apt-get install python3-websockets")

import patterns
from patterns import PING_PAYLOAD, Cases, binary_of, compare_echo, expect, text_of


async def echo(ws, message):
    await ws.send(message)
    return compare_echo(message, await ws.recv())


async def fragmented(ws, fragments, whole):
    # An iterable sends one frame per element, then an empty final frame.
    await ws.send(fragments)
    return compare_echo(whole, await ws.recv())


async def fragmented_with_ping(ws, data, cuts):
    async def fragments():
        start = 0
        for cut in cuts + [len(data)]:
            yield data[start:cut]
            if start == 0:
                await ws.ping(b"between fragments")  # a control frame inside the message
            start = cut

    return await fragmented(ws, fragments(), data)


async def ping(ws, payload):
    pong = await ws.ping(payload)
    await pong  # resolved only by a pong carrying this ping's payload
    return {"payload": payload.hex()}


async def client_close(url):
    ws = await websockets.connect(url)
    await ws.close(4000, "client bye")
    return {"code": ws.close_code, "reason": ws.close_reason}


async def server_close(url):
    ws = await websockets.connect(url)
    await ws.send("close:4001:bye")
    await ws.wait_closed()
    expect((ws.close_code, ws.close_reason) == (4001, "bye"),
           f"closed with {ws.close_code} {ws.close_reason!r}")
    return {"code": ws.close_code, "reason": ws.close_reason}


async def main(base, sizes):
    cases = Cases()
    async with websockets.connect(base + "/echo", max_size=None) as ws:
        for size in sizes:
            await cases.run(f"echo-text-{size}", echo(ws, text_of(size)))
            await cases.run(f"echo-binary-{size}", echo(ws, binary_of(size)))
        text = text_of(65536)
        await cases.run("fragmented-text", fragmented(ws, [text[:1000], text[1000:1001], "", text[1001:]], text))
        await cases.run("fragmented-binary", fragmented_with_ping(ws, binary_of(65536), [1, 40000]))
        await cases.run("ping-125", ping(ws, PING_PAYLOAD))
        await cases.run("ping-empty", ping(ws, b""))
    await cases.run("client-close", client_close(base + "/close/client_bye"))
    await cases.run("server-close", server_close(base + "/close/server_bye"))
    return cases


if __name__ == "__main__":
    patterns.main(main)
