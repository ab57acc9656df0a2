"""Python `websockets` (Debian python3-websockets) as members of a Squall room that broadcasts.

Usage: websockets_room.py ws://127.0.0.1:PORT/room
Three members offer permessage-deflate (the library's default, which keeps its window from
message to message) and one does not. Each member's message comes back to it alone as
"you: <message>", then goes to every member. Prints one JSON line per case and exits 1 if any
case failed.
"""
import asyncio
import sys

try:
    import websockets
except ImportError:
    sys.exit("python3-websockets is not installed: apt-get install python3-websockets")

import patterns
from patterns import Cases, binary_of, compare_echo, expect


def line(i):
    return f"[12:00:{i % 60:02d}] 127.0.0.1 : chat line {i}, long enough to be worth compressing. " * 2


async def join(url):
    members = [await websockets.connect(url, max_size=None) for _ in range(3)]
    members.append(await websockets.connect(url, max_size=None, compression=None))
    for ws in members:
        expect(await ws.recv() == "joined", "no 'joined' greeting")
    deflating = [bool(ws.extensions) for ws in members]
    expect(deflating == [True, True, True, False], f"permessage-deflate agreed by {deflating}")
    return members


async def round_trip(members, sender, message):
    await sender.send(message)
    if isinstance(message, str):
        compare_echo("you: " + message, await sender.recv())
    for ws in members:
        compare_echo(message, await ws.recv())


async def texts(members):
    for i in range(40):
        message = "short" if i % 5 == 4 else line(i)
        await round_trip(members, members[i % len(members)], message)
    return {"messages": 40}


async def binaries(members):
    for i, size in enumerate([300, 100_000, 300]):  # the large one goes out on its own, not batched
        await round_trip(members, members[i], binary_of(size))
    return {"messages": 3}


async def main(url, _sizes):
    cases = Cases()
    members = []

    async def joined():
        members.extend(await join(url))
        return {"members": len(members)}

    await cases.run("join", joined())
    if len(members) == 4:
        await cases.run("texts", texts(members))
        await cases.run("binaries", binaries(members))
    for ws in members:
        await ws.close()
    return cases


if __name__ == "__main__":
    patterns.main(main)
