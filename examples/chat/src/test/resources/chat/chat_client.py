"""A chat participant using Python `websockets` (Debian python3-websockets).

Usage: chat_client.py URL NAME COUNT TOTAL
Connects, prints "connected", waits for "go" on stdin, sends COUNT messages "NAME-i", then
prints the first TOTAL messages it receives, one JSON string per line, and exits.
Bounded: gives up after 30 s.
"""
import asyncio
import json
import sys

import websockets


async def main(url, name, count, total):
    async with websockets.connect(url, max_size=2 ** 20) as ws:
        print("connected", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        for i in range(count):
            await ws.send(f"{name}-{i}")
        for _ in range(total):
            print(json.dumps(await ws.recv()), flush=True)


if __name__ == "__main__":
    url, name, count, total = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    asyncio.run(asyncio.wait_for(main(url, name, count, total), 30))
