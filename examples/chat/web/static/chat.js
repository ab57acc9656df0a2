/*
 * The chat page: one WebSocket to <page folder>/message, every line the server broadcasts shown
 * as text (never as HTML), a status badge, Enter to send (Shift+Enter for a new line), and
 * automatic reconnect with backoff when the connection drops.
 */
(function () {
  'use strict';
  var chat = window.SquallChat;
  var root = document.getElementById('chat');
  var log = document.getElementById('log');
  var status = document.getElementById('status');
  var form = document.getElementById('composer');
  var input = document.getElementById('message');
  var button = document.getElementById('send');
  var hint = document.getElementById('hint');
  var maxBytes = parseInt(root.getAttribute('data-max-bytes'), 10) || 65536;

  var ws = null;
  var attempts = 0;

  function setStatus(state, text) {
    status.setAttribute('data-state', state);
    status.textContent = text;
    button.disabled = state !== 'open';
  }

  function showHint(text) {
    hint.textContent = text;
    hint.hidden = !text;
  }

  function append(line) {
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    var parts = chat.splitLine(line);
    var item = document.createElement('li');
    var meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = parts.meta;
    var text = document.createElement('span');
    text.className = 'text';
    text.textContent = parts.text; // text, not HTML: "<img src=x onerror=...>" stays harmless
    item.appendChild(meta);
    item.appendChild(text);
    log.appendChild(item);
    if (nearBottom) {
      log.scrollTop = log.scrollHeight;
    }
  }

  function connect() {
    setStatus('connecting', attempts === 0 ? 'Connecting…' : 'Reconnecting…');
    ws = new WebSocket(chat.socketUrl(window.location));
    ws.onopen = function () {
      attempts = 0;
      setStatus('open', 'Connected');
      showHint('');
    };
    ws.onmessage = function (event) {
      append(event.data);
    };
    ws.onclose = function (event) {
      var delay = chat.backoff(attempts++);
      setStatus('closed', 'Disconnected (' + chat.describeClose(event.code) + '), retrying in ' +
          Math.max(1, Math.round(delay / 1000)) + ' s');
      window.setTimeout(connect, delay);
    };
  }

  function send() {
    var text = input.value;
    if (text.trim() === '' || !ws || ws.readyState !== WebSocket.OPEN) {
      return;
    }
    var size = chat.utf8Length(text);
    if (size > maxBytes) {
      showHint('Message of ' + size + ' bytes exceeds the limit of ' + maxBytes + ' bytes.');
      return;
    }
    ws.send(text);
    input.value = '';
    showHint('');
    input.focus();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    send();
  });
  input.addEventListener('keydown', function (event) {
    // isComposing: Enter that confirms an input-method candidate (Chinese, Japanese) is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });

  connect();
})();
