/*
 * An echo server on Node's `ws` (Debian node-ws; run with NODE_PATH=/usr/share/nodejs), for
 * Squall's client interop tests.
 *
 * Usage: node ws_echo.js PORT [LIFETIME_SECONDS]
 * Binds 127.0.0.1:PORT (0 = any free port) and prints "listening PORT" once it accepts connections.
 * Exits when stdin closes (the test JVM is gone) or after LIFETIME_SECONDS (default 120).
 *
 * Text commands (everything else is echoed, binary as binary):
 *   close:CODE:REASON     closes with that code and reason
 *   close                 closes with no status code (an empty close frame)
 *   burst:N:SIZE          sends N text messages "I:" + "b" * SIZE, I = 0..N-1, back to back
 *   fragments:N           sends "é" * 50N + "!" as a text message in N fragments, cut inside a
 *                         UTF-8 sequence, with a ping after the first fragment
 *   binfragments:N:SIZE   sends SIZE bytes (byte i = i % 251) as a binary message in N fragments
 *   ping:PAYLOAD          pings with PAYLOAD; on the pong, sends "pong:" + the pong's payload
 *   lastclose?            replies "CODE REASON" of the last connection that closed, or "none"
 * Selects the subprotocol "squall.test" when offered.
 * Paths: "/refuse" is answered 403 Forbidden; on "/greet..." the server first sends "hello " + the
 * request target (path and query as received). Any other path is a plain echo.
 */
'use strict';
let WebSocketServer;
try {
  ({ WebSocketServer } = require('ws'));
} catch (e) {
  console.log('missing module: ' + e.message);
  process.exit(3);
}

const BETWEEN = 'between fragments';
let lastClose = 'none';

function chunks(buf, n) {
  const size = Math.ceil(buf.length / n);
  const out = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

function sendFragments(ws, parts, binary, pingBetween) {
  parts.forEach((part, i) => {
    ws.send(part, { binary, fin: i === parts.length - 1 });
    if (pingBetween && i === 0) ws.ping(BETWEEN);
  });
}

function command(ws, text) {
  if (text.startsWith('close:')) {
    const [, code, ...reason] = text.split(':');
    ws.close(Number(code), reason.join(':'));
  } else if (text === 'close') {
    ws.close();
  } else if (text.startsWith('burst:')) {
    const [, n, size] = text.split(':').map(Number);
    for (let i = 0; i < n; i++) ws.send(i + ':' + 'b'.repeat(size));
  } else if (text.startsWith('fragments:')) {
    const n = Number(text.split(':')[1]);
    sendFragments(ws, chunks(Buffer.from('é'.repeat(50 * n) + '!'), n), false, true);
  } else if (text.startsWith('binfragments:')) {
    const [, n, size] = text.split(':').map(Number);
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = i % 251;
    sendFragments(ws, chunks(data, n), true, false);
  } else if (text.startsWith('ping:')) {
    ws.ping(text.slice(5));
  } else if (text === 'lastclose?') {
    ws.send(lastClose);
  } else {
    return false;
  }
  return true;
}

const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: Number(process.argv[2]),
  maxPayload: 16 << 20,
  verifyClient: (info, done) => (info.req.url === '/refuse' ? done(false, 403) : done(true)),
  handleProtocols: (protocols) => (protocols.has('squall.test') ? 'squall.test' : false),
});
wss.on('listening', () => console.log('listening ' + wss.address().port));
wss.on('connection', (ws, req) => {
  if (req.url.startsWith('/greet')) ws.send('hello ' + req.url);
  ws.on('message', (data, isBinary) => {
    if (isBinary || !command(ws, data.toString())) ws.send(data, { binary: isBinary });
  });
  ws.on('pong', (data) => {
    if (data.toString() !== BETWEEN) ws.send('pong:' + data.toString());
  });
  ws.on('close', (code, reason) => { lastClose = code + ' ' + reason.toString(); });
  ws.on('error', (e) => console.log('connection error: ' + e.message));
});

setTimeout(() => process.exit(2), 1000 * Number(process.argv[3] || 120)).unref();
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
