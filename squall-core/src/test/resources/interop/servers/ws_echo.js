// Echo server on Node `ws` (Debian node-ws, NODE_PATH=/usr/share/nodejs), for our client's interop tests.
// Usage: node ws_echo.js PORT — prints "listening PORT" when ready. Same text commands as
// websockets_echo.py, plus "fragments:N": the reply "fragmented message!" comes in N fragments.
const { WebSocketServer } = require("ws");

const port = Number(process.argv[2]);
let lastClose = "none";
const server = new WebSocketServer({ host: "127.0.0.1", port, maxPayload: 2 ** 21 }, () => {
  console.log(`listening ${port}`);
});

server.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => {
    const text = isBinary ? null : data.toString("utf8");
    if (text !== null && text.startsWith("close:")) {
      const [, code, ...reason] = text.split(":");
      ws.close(Number(code), reason.join(":"));
    } else if (text === "lastclose?") {
      ws.send(lastClose);
    } else if (text !== null && text.startsWith("fragments:")) {
      const n = Number(text.split(":")[1]);
      const whole = Buffer.from("fragmented message!");
      const size = Math.ceil(whole.length / n);
      for (let i = 0; i < n; i++) {
        ws.send(whole.subarray(i * size, Math.min(whole.length, (i + 1) * size)), { binary: false, fin: i === n - 1 });
      }
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
  ws.on("close", (code, reason) => {
    lastClose = `${code} ${reason.toString("utf8")}`;
  });
});
