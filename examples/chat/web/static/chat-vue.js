/*
 * The article's Vue + WebSocket component ("Vue+WebSocket 实现页面实时刷新长连接"), working against
 * the chat's /message socket with Vue 3's global build (window.Vue). Method names are the article's:
 * initWebSocket, webSocketOpen, webSocketError, webSocketMessage, webSocketSend, webSocketClose.
 * Changes from the article, each needed for it to work:
 *  - the URL comes from location (SquallChat.socketUrl) instead of "ws://127.0.0.1/api/xxx";
 *  - created() really calls initWebSocket() (the article left it commented out);
 *  - the server sends plain text lines, so webSocketMessage keeps e.data instead of JSON.parse(e.data).value;
 *  - on destroy the article called webSocketClose(), its close *event handler*, which only logs and
 *    leaves the socket open; here unmounted() (Vue 3's name for destroyed) calls websock.close();
 *  - a dropped connection is retried with backoff, as on the plain page.
 */
(function () {
  'use strict';
  var chat = window.SquallChat;
  var mountPoint = document.getElementById('app');
  var maxBytes = parseInt(mountPoint.getAttribute('data-max-bytes'), 10) || 65536;

  var ChatClient = {
    name: 'ChatClient',
    data: function () {
      return { websock: null, lines: [], draft: '', state: 'connecting', statusText: 'Connecting…', hint: '', attempts: 0 };
    },
    methods: {
      initWebSocket: function () { // 初始化websocket
        var wsuri = chat.socketUrl(window.location); // ws地址
        this.websock = new WebSocket(wsuri);
        this.websock.onopen = this.webSocketOpen;
        this.websock.onerror = this.webSocketError;
        this.websock.onmessage = this.webSocketMessage;
        this.websock.onclose = this.webSocketClose;
      },
      webSocketOpen: function () {
        console.log('WebSocket连接成功');
        this.attempts = 0;
        this.state = 'open';
        this.statusText = 'Connected';
      },
      webSocketError: function () { // 错误
        console.log('WebSocket连接发生错误');
      },
      webSocketMessage: function (e) { // 数据接收
        this.lines.push(chat.splitLine(e.data));
        this.$nextTick(function () {
          var log = this.$refs.log;
          log.scrollTop = log.scrollHeight;
        });
      },
      webSocketSend: function (agentData) { // 数据发送
        this.websock.send(agentData);
      },
      webSocketClose: function (e) { // 关闭
        console.log('connection closed (' + e.code + ')');
        if (this.unmounted) {
          return;
        }
        var delay = chat.backoff(this.attempts++);
        this.state = 'closed';
        this.statusText = 'Disconnected (' + chat.describeClose(e.code) + '), retrying in ' +
            Math.max(1, Math.round(delay / 1000)) + ' s';
        this.retry = window.setTimeout(this.initWebSocket, delay);
      },
      send: function () {
        var text = this.draft;
        if (text.trim() === '' || this.state !== 'open') {
          return;
        }
        var size = chat.utf8Length(text);
        if (size > maxBytes) {
          this.hint = 'Message of ' + size + ' bytes exceeds the limit of ' + maxBytes + ' bytes.';
          return;
        }
        this.webSocketSend(text);
        this.draft = '';
        this.hint = '';
      },
      onEnter: function (event) {
        if (!event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.send();
        }
      }
    },
    created: function () { // 页面刚进入时开启长连接
      this.initWebSocket();
    },
    unmounted: function () { // 页面销毁时关闭长连接
      this.unmounted = true;
      window.clearTimeout(this.retry);
      this.websock.close();
    },
    template:
      '<main class="chat">' +
      '  <header class="chat-header">' +
      '    <h1>Squall chat · Vue</h1>' +
      '    <span id="status" class="status" role="status" :data-state="state">{{ statusText }}</span>' +
      '  </header>' +
      '  <ol id="log" ref="log" class="log" aria-label="Conversation" aria-live="polite">' +
      '    <li v-for="(line, i) in lines" :key="i"><span class="meta">{{ line.meta }}</span><span class="text">{{ line.text }}</span></li>' +
      '  </ol>' +
      '  <form id="composer" class="composer" autocomplete="off" @submit.prevent="send">' +
      '    <label for="message" class="visually-hidden">Message</label>' +
      '    <textarea id="message" rows="2" v-model="draft" @keydown.enter="onEnter"' +
      '      placeholder="Message (Enter to send, Shift+Enter for a new line)"></textarea>' +
      '    <button id="send" type="submit" :disabled="state !== \'open\'">Send</button>' +
      '  </form>' +
      '  <p id="hint" class="hint" v-if="hint">{{ hint }}</p>' +
      '</main>'
  };

  // Kept on window so that a test (or the console) can unmount it: window.chatApp.unmount().
  window.chatApp = Vue.createApp(ChatClient);
  window.chatApp.mount('#app');
})();
