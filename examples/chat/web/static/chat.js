// The chat page's client: one socket to "message" beside this page (same host, same path prefix,
// ws: or wss: as the page), reconnecting with exponential backoff when the server goes away.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var status = document.getElementById("status");
  var input = document.getElementById("message");
  var send = document.getElementById("send");
  var socket = null;
  var delay = 500;            // first retry after 0.5 s, doubling up to MAX_DELAY
  var MAX_DELAY = 10000;

  function socketUrl() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    var dir = location.pathname.replace(/[^/]*$/, "");
    return scheme + "//" + location.host + dir + "message";
  }

  function setStatus(state, text) {
    status.className = "status " + state;
    status.textContent = text;
    send.disabled = state !== "connected";
  }

  function show(text) {
    var item = document.createElement("li");
    item.textContent = text; // text, never HTML: a message cannot inject markup
    var atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.appendChild(item);
    if (atBottom) {
      log.scrollTop = log.scrollHeight;
    }
  }

  function connect() {
    setStatus("connecting", "connecting…");
    socket = new WebSocket(socketUrl());
    socket.onopen = function () {
      delay = 500;
      setStatus("connected", "connected");
    };
    socket.onmessage = function (event) {
      show(event.data);
    };
    socket.onclose = function (event) {
      var wait = delay + Math.floor(Math.random() * delay / 2); // jitter: not every client at once
      delay = Math.min(delay * 2, MAX_DELAY);
      setStatus("disconnected", "disconnected (" + event.code + "), retrying in " + Math.round(wait / 1000) + " s");
      setTimeout(connect, wait);
    };
  }

  document.getElementById("composer").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    if (text !== "" && socket && socket.readyState === WebSocket.OPEN) {
      socket.send(text);
      input.value = "";
    }
    input.focus();
  });

  connect();
})();
