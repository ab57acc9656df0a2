"""Stands in for cdn.bootcss.com over HTTPS on loopback so the article's page loads its jQuery.

Usage: cdn_server.py PORT CERT KEY ROOT   (prints "listening PORT" when ready; serves ROOT)
The browser reaches it through --host-resolver-rules; nothing leaves the machine.
"""
import functools
import http.server
import ssl
import sys

port, cert, key, root = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=root)
server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(cert, key)
server.socket = context.wrap_socket(server.socket, server_side=True)
print(f"listening {port}", flush=True)
server.serve_forever()
