/*
 * What both chat pages share: where the socket is, and how long to wait before reconnecting.
 * Plain browser JavaScript, no build step.
 */
(function (global) {
  'use strict';

  /**
   * The socket URL for a page at `loc`: ws: for http:, wss: for https:, the same host and port,
   * and the page's own folder + "message". So http://127.0.0.1:8000/ and .../index give
   * ws://127.0.0.1:8000/message, and https://example.com/chat/ gives wss://example.com/chat/message
   * when a proxy serves the chat under /chat/ (the article hard-coded ws://192.168.56.103:8000).
   */
  function socketUrl(loc) {
    var scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
    var folder = loc.pathname.replace(/[^/]*$/, '');
    return scheme + '//' + loc.host + folder + 'message';
  }

  /**
   * Milliseconds to wait before reconnect attempt `attempt` (0, 1, 2, ...): 0.5 s doubling up to
   * 10 s, each randomised between 50 % and 100 % so that clients do not all come back at once
   * after a server restart.
   */
  function backoff(attempt) {
    var ceiling = Math.min(10000, 500 * Math.pow(2, attempt));
    return Math.round(ceiling * (0.5 + Math.random() / 2));
  }

  /** Size in bytes of `text` as UTF-8, which is what the server's message limit counts. */
  function utf8Length(text) {
    return new TextEncoder().encode(text).length;
  }

  /** A readable reason for a close code. */
  function describeClose(code) {
    switch (code) {
      case 1000: return 'closed';
      case 1001: return 'server going away';
      case 1006: return 'connection lost';
      case 1008: return 'policy violation';
      case 1009: return 'message too big';
      case 1011: return 'server error';
      default: return 'code ' + code;
    }
  }

  /**
   * A broadcast line split into who said it, "[time] ip : ", and what was said. The pages show the
   * two in different elements, so a message cannot pass itself off as another sender's line by
   * carrying a "[time] ip : " of its own after a line break or a run of spaces: only the server's
   * prefix is ever drawn as a prefix. A line without the prefix is all text.
   */
  function splitLine(line) {
    var m = /^(\[[^\]\n]*\] \S+ : )([\s\S]*)$/.exec(line);
    return m ? { meta: m[1], text: m[2] } : { meta: '', text: line };
  }

  global.SquallChat = {
    socketUrl: socketUrl, backoff: backoff, utf8Length: utf8Length, describeClose: describeClose, splitLine: splitLine
  };
})(window);
