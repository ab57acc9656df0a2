// The article's Vue component (initWebSocket, open/error/message/close handlers, send, close when
// the component goes away), on Vue 3's global build: no build step. The socket URL comes from
// location instead of the article's hard-coded address; the server sends plain text lines, so a
// message is shown as it comes rather than parsed as JSON.
(function () {
  "use strict";
  Vue.createApp({
    data: function () {
      return { websock: null, lines: [], draft: "", state: "connecting" };
    },
    created: function () {
      this.initWebSocket();
    },
    unmounted: function () {
      this.closed = true;
      if (this.websock) {
        this.websock.close(1000, "page closed");
      }
    },
    methods: {
      initWebSocket: function () {
        var scheme = location.protocol === "https:" ? "wss:" : "ws:";
        var dir = location.pathname.replace(/[^/]*$/, "");
        this.websock = new WebSocket(scheme + "//" + location.host + dir + "message");
        this.websock.onopen = this.webSocketOpen;
        this.websock.onerror = this.webSocketError;
        this.websock.onmessage = this.webSocketMessage;
        this.websock.onclose = this.webSocketClose;
      },
      webSocketOpen: function () {
        this.state = "connected";
        console.log("WebSocket connected");
      },
      webSocketError: function () {
        console.log("WebSocket error");
      },
      webSocketMessage: function (e) {
        this.lines.push(e.data); // rendered with {{ }}: Vue escapes it
      },
      webSocketSend: function (data) {
        this.websock.send(data);
      },
      webSocketClose: function (e) {
        this.state = "disconnected";
        console.log("connection closed (" + e.code + ")");
        if (!this.closed) {
          setTimeout(this.initWebSocket, 1000);
        }
      },
      send: function () {
        if (this.draft !== "" && this.state === "connected") {
          this.webSocketSend(this.draft);
          this.draft = "";
        }
      }
    }
  }).mount("#app");
})();
