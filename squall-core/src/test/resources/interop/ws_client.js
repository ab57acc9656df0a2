'use strict';
// Node `ws` (Debian node-ws; run with NODE_PATH=/usr/share/nodejs) as a client of a Squall server.
// Usage: node ws_client.js ws://127.0.0.1:PORT SIZE...
// Prints one JSON line per case ({"case", "ok", ...}) and exits 1 if any case failed.
const crypto = require('crypto');
let WebSocket;
try {
  WebSocket = require('ws');
} catch (e) {
  console.error('node-ws is not installed: apt-get install node-ws, and run with NODE_PATH=/usr/share/nodejs');
  process.exit(2);
}

// The payloads of Patterns.java and patterns.py.
const TEXT_UNIT = 'squall é€\u{1F32A}|'; // 17 bytes of UTF-8: 1-, 2-, 3- and 4-byte code points
const textOf = size => TEXT_UNIT.repeat(Math.floor(size / 17)) + '.'.repeat(size % 17);
const binaryOf = size => Buffer.alloc(size).map((_, i) => i % 251);
const PING_PAYLOAD = Buffer.alloc(125).map((_, i) => 255 - i);

function describe(type, data) {
  const raw = Buffer.from(data);
  return {type, size: raw.length, sha256: crypto.createHash('sha256').update(raw).digest('hex')};
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** A connection whose events (text, binary, pong, close, error) are awaited one at a time. */
class Client {
  static open(url) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, {maxPayload: 16 << 20});
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.events = [];
    this.wake = () => {};
    ws.on('message', (data, isBinary) => this.push({kind: isBinary ? 'binary' : 'text', data}));
    ws.on('pong', data => this.push({kind: 'pong', data}));
    ws.on('close', (code, reason) => this.push({kind: 'close', code, reason: reason.toString()}));
    ws.on('error', error => this.push({kind: 'error', error: String(error)}));
  }

  push(event) {
    this.events.push(event);
    this.wake();
  }

  /** The next event, which must be of `kind`. */
  async next(kind) {
    while (this.events.length === 0) {
      await new Promise(resolve => (this.wake = resolve));
    }
    const event = this.events.shift();
    expect(event.kind === kind, `expected ${kind}, got ${JSON.stringify(event).slice(0, 200)}`);
    return event;
  }
}

async function echo(c, type, message) {
  c.ws.send(message, {binary: type === 'binary'});
  const got = await c.next(type);
  return compareEcho(describe(type, message), describe(type, got.data));
}

/** Sends `message` in fragments cut at byte offsets (a cut may split a UTF-8 sequence), with a ping after the first. */
async function fragmented(c, type, message, cuts) {
  const bytes = Buffer.from(message);
  let start = 0;
  for (const cut of cuts) {
    c.ws.send(bytes.subarray(start, cut), {binary: type === 'binary', fin: false});
    if (start === 0) c.ws.ping('between fragments');
    start = cut;
  }
  c.ws.send(bytes.subarray(start), {binary: type === 'binary', fin: true});
  await c.next('pong');
  return compareEcho(describe(type, message), describe(type, (await c.next(type)).data));
}

function compareEcho(want, got) {
  expect(JSON.stringify(got) === JSON.stringify(want), `sent ${JSON.stringify(want)}, received ${JSON.stringify(got)}`);
  return got;
}

async function ping(c, payload) {
  c.ws.ping(payload);
  const pong = await c.next('pong');
  expect(pong.data.equals(payload), `pong payload ${pong.data.toString('hex')}`);
  return {payload: pong.data.toString('hex')};
}

async function clientClose(url) {
  const c = await Client.open(url);
  c.ws.close(4000, 'client bye');
  const close = await c.next('close');
  return {code: close.code, reason: close.reason};
}

async function serverClose(url) {
  const c = await Client.open(url);
  c.ws.send('close:4001:bye');
  const close = await c.next('close');
  expect(close.code === 4001 && close.reason === 'bye', `closed with ${close.code} '${close.reason}'`);
  return {code: close.code, reason: close.reason};
}

let failed = false;

async function run(name, body) {
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out after 10 s')), 10000)));
  let result;
  try {
    result = {case: name, ok: true, ...(await Promise.race([body(), timeout]))};
  } catch (e) {
    failed = true;
    result = {case: name, ok: false, error: String(e)};
  } finally {
    clearTimeout(timer);
  }
  console.log(JSON.stringify(result));
}

async function main(base, sizes) {
  const c = await Client.open(base + '/echo');
  for (const size of sizes) {
    await run(`echo-text-${size}`, () => echo(c, 'text', textOf(size)));
    await run(`echo-binary-${size}`, () => echo(c, 'binary', binaryOf(size)));
  }
  // Offset 1000 falls inside a 4-byte code point; 1001..1001 is an empty fragment.
  await run('fragmented-text', () => fragmented(c, 'text', textOf(65536), [1000, 1001, 1001, 40000]));
  await run('fragmented-binary', () => fragmented(c, 'binary', binaryOf(65536), [1, 40000]));
  await run('ping-125', () => ping(c, PING_PAYLOAD));
  await run('ping-empty', () => ping(c, Buffer.alloc(0)));
  c.ws.close(1000);
  await run('client-close', () => clientClose(base + '/close/client_bye'));
  await run('server-close', () => serverClose(base + '/close/server_bye'));
}

main(process.argv[2], process.argv.slice(3).map(Number)).then(
  () => process.exit(failed ? 1 : 0),
  e => {
    console.error(e);
    process.exit(1);
  });
