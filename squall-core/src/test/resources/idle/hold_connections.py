"""Opens N WebSocket connections to a Squall server and holds them idle until stdin closes.

Usage: hold_connections.py PORT PATH N
Prints "ready N" once every handshake got its 101, then waits; exits non-zero on any failure.
Loopback only; the number of connections is bounded by N.
"""
import base64
import os
import socket
import sys


def main():
    port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    socks = []
    for i in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        socks.append(s)
    for s in socks:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                print("closed during handshake", flush=True)
                sys.exit(2)
            head += chunk
        if not head.startswith(b"HTTP/1.1 101 "):
            print("refused: " + head.decode(errors="replace").splitlines()[0], flush=True)
            sys.exit(3)
    print(f"ready {len(socks)}", flush=True)
    sys.stdin.read()
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
