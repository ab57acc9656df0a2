// Node `ws` peer for the benchmarks (Debian node-ws, NODE_PATH=/usr/share/nodejs): /echo and /broadcast.
// Usage: node ws_server.js PORT. perMessageDeflate off (ws's own advice for throughput).
const http = require("http");
const { WebSocketServer } = require("ws");

const port = Number(process.argv[2]);
const server = http.createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 2 << 20 });
const room = new Set();

wss.on("connection", (ws, req) => {
  if (req.url.startsWith("/broadcast")) {
    room.add(ws);
    ws.on("close", () => room.delete(ws));
    ws.on("message", (data, isBinary) => {
      for (const other of room) {
        if (other !== ws) other.send(data, { binary: isBinary });
      }
    });
  } else {
    ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
  }
});
server.listen({ host: "127.0.0.1", port, backlog: 4096 }, () => console.log(`listening ${port}`));
