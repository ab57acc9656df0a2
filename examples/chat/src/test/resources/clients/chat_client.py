#!/usr/bin/python3
"""A chat client for the integration tests, on Debian's python3-websockets (10.x).

usage: chat_client.py URL [--origin O] [--header NAME:VALUE]... [--local-addr IP] [--timeout S]

Speaks line by line, every line flushed:
  stdout  "open"                  connected (the 101 arrived)
          "refused <status>"      the server answered the handshake with <status> (e.g. 403)
          "message <json string>" one message received
          "closed <code> <json reason>"
  stdin   one JSON string per line: sent as a text message; end of input closes with 1000.
The whole run is bounded by --timeout (default 30 s), so a broken test cannot leave it behind.
"""
import argparse
import asyncio
import json
import ssl
import sys

import websockets


def say(*parts):
    print(*parts, flush=True)


async def pump_stdin(ws):
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            await ws.close(1000, "bye")
            return
        await ws.send(json.loads(line))


async def run(args):
    headers = [tuple(h.split(":", 1)) for h in args.header]
    kwargs = {}
    if args.local_addr:
        kwargs["local_addr"] = (args.local_addr, 0)
    if args.url.startswith("wss:"):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's self-signed certificate
        kwargs["ssl"] = context
    try:
        ws = await websockets.connect(args.url, origin=args.origin, extra_headers=headers,
                                      max_size=None, **kwargs)
    except websockets.exceptions.InvalidStatusCode as e:
        say("refused", e.status_code)
        return
    say("open")
    sender = asyncio.ensure_future(pump_stdin(ws))
    try:
        async for message in ws:
            say("message", json.dumps(message))
    except websockets.exceptions.ConnectionClosed:
        pass
    say("closed", ws.close_code, json.dumps(ws.close_reason))
    sender.cancel()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--origin")
    parser.add_argument("--header", action="append", default=[])
    parser.add_argument("--local-addr")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    try:
        asyncio.run(asyncio.wait_for(run(args), args.timeout))
    except asyncio.TimeoutError:
        say("timeout")
    sys.stdout.flush()
    # the stdin reader thread may still block on readline: leave without waiting for it
    import os
    os._exit(0)


if __name__ == "__main__":
    main()
