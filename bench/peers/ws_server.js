// Node `ws` peer for ./squall bench: /echo echoes, /broadcast relays each text message to every
// socket of the route (the broadcast example of ws's README). No compression (ws's default).
// Usage: NODE_PATH=/usr/share/nodejs node ws_server.js PORT
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2]);
const server = http.createServer();
const echo = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });
const room = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 });

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
