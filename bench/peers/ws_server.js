// Node `ws` peer for ./squall bench: /echo echoes, /broadcast relays each text message to every
// socket of the route (the broadcast example of ws's README). permessage-deflate is accepted when
// a client offers it (`perMessageDeflate: true`; off is ws's default), with ws's defaults: zlib's
// own (level 6, memLevel 8, 15-bit window), context takeover kept on both sides unless the client
// asks otherwise, messages under 1024 bytes (its threshold) sent uncompressed, at most 10
// concurrent zlib calls per process. A client that does not offer it gets plain frames.
// Usage: NODE_PATH=/usr/share/nodejs node ws_server.js PORT
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
const server = http.createServer();
const options = { noServer: true, maxPayload: 4 * 1024 * 1024, perMessageDeflate: true };
const echo = new WebSocketServer(options);
const room = new WebSocketServer(options);

echo.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
room.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => {
    for (const client of room.clients) {
      client.send(data, { binary: isBinary });
    }
  });
});
server.on('upgrade', (req, socket, head) => {
  const target = req.url.startsWith('/broadcast') ? room : req.url.startsWith('/echo') ? echo : null;
  if (!target) {
    socket.destroy();
    return;
  }
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', 4096, () => console.log(`ws listening on 127.0.0.1:${port}`));
