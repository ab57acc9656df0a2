"""Payloads and reporting shared by the Python interop clients; mirrors Patterns.java."""
import asyncio
import hashlib
import json
import sys

TEXT_UNIT = "squall é€\U0001F32A|"  # 17 bytes of UTF-8: 1-, 2-, 3- and 4-byte code points
TEXT_UNIT_BYTES = 17
PING_PAYLOAD = bytes(255 - i for i in range(125))  # the most a control frame holds


def text_of(size):
    """Text of exactly `size` UTF-8 bytes: whole units, then '.' up to the size."""
    units = size // TEXT_UNIT_BYTES
    return TEXT_UNIT * units + "." * (size - units * TEXT_UNIT_BYTES)


def binary_of(size):
    """Byte i is i % 251."""
    return (bytes(range(251)) * (size // 251 + 1))[:size]


def describe(message):
    """What a test compares: the message type, its size in bytes and their SHA-256."""
    kind = "text" if isinstance(message, str) else "binary"
    raw = message.encode() if kind == "text" else bytes(message)
    return {"type": kind, "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}


class Mismatch(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Mismatch(message)


def compare_echo(sent, received):
    want, got = describe(sent), describe(received)
    expect(got == want, f"sent {want}, received {got}")
    return got


class Cases:
    """Runs cases in order, printing one JSON line each; `failed` tells if any failed."""

    def __init__(self):
        self.failed = False

    async def run(self, name, coro, timeout=10):
        try:
            result = {"case": name, "ok": True, **(await asyncio.wait_for(coro, timeout) or {})}
        except Exception as e:  # report every failure as a line, then go on
            self.failed = True
            result = {"case": name, "ok": False, "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(result), flush=True)


def main(run):
    """Calls `run(base_url, sizes)`, a coroutine returning its Cases, with the command line's
    arguments; exits 1 if any case failed."""
    cases = asyncio.run(run(sys.argv[1], [int(s) for s in sys.argv[2:]]))
    sys.exit(1 if cases.failed else 0)
