/* Part of loadgen.c (one translation unit: it includes its parts once, in order, after its
   types and state). The epoll loop: readiness, the upgrade response, and opening a target number of connections. */

static void on_upgraded(conn_t *c) {
  inflight--;
  opened++;
  c->state = S_OPEN;
  if (mode == M_HANDSHAKE) {
    c->state = S_CLOSING;
    if (send_buf(c, close_frame, sizeof close_frame) < 0) kill_conn(c, 1);
  }
}

static void on_readable(conn_t *c) {
  for (;;) {
    ssize_t n = read(c->fd, rbuf, sizeof rbuf);
    if (n < 0) {
      if (errno == EAGAIN) return;
      if (errno == EINTR) continue;
      kill_conn(c, 1);
      return;
    }
    if (n == 0) {
      if (c->state == S_OPEN || c->state == S_CLOSING) unexpected_close++;
      kill_conn(c, 1);
      return;
    }
    uint64_t t = now_ns();
    uint8_t *p = rbuf;
    size_t left = (size_t)n;
    if (c->state == S_UPGRADING) {
      while (left && c->match < 4) {
        char ch = (char)*p++;
        left--;
        if (c->resp_got < sizeof c->resp - 1) c->resp[c->resp_got++] = ch;
        static const char end[] = "\r\n\r\n";
        c->match = (uint8_t)(ch == end[c->match] ? c->match + 1 : (ch == '\r' ? 1 : 0));
      }
      if (c->match < 4) return;
      if (strncmp(c->resp, "HTTP/1.1 101", 12) != 0) {
        fprintf(stderr, "loadgen: upgrade refused: %.12s\n", c->resp);
        kill_conn(c, 1);
        return;
      }
      on_upgraded(c);
      if (c->state == S_DEAD) return;
    }
    if (left && parse(c, p, left, t) < 0) return;
    if ((size_t)n < sizeof rbuf) return; /* level triggered: the rest comes with the next wait */
  }
}

static void on_writable(conn_t *c) {
  if (c->state == S_CONNECTING) {
    int err = 0;
    socklen_t l = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
    if (err) {
      kill_conn(c, 1);
      return;
    }
    c->state = S_UPGRADING;
    next_key();
    if (send_buf(c, (const uint8_t *)upgrade_req, upgrade_len) < 0) kill_conn(c, 1);
    return;
  }
  if (flush_tx(c) < 0) kill_conn(c, 1);
}

static void poll_once(int timeout_ms) {
  static struct epoll_event evs[1024];
  int n = epoll_wait(ep, evs, 1024, timeout_ms);
  if (n < 0) {
    if (errno == EINTR) return;
    die("epoll_wait");
  }
  for (int i = 0; i < n; i++) {
    if (evs[i].data.u64 == UINT64_MAX) continue; /* stdin, read by the idle mode */
    conn_t *c = &conns[(uint32_t)evs[i].data.u64];
    uint32_t gen = (uint32_t)(evs[i].data.u64 >> 32);
    if (c->gen != gen || c->fd < 0) continue; /* stale event of a recycled slot */
    if (evs[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) {
      if (c->state == S_CONNECTING || c->tx_len || (evs[i].events & EPOLLERR)) on_writable(c);
      if (c->fd < 0 || c->gen != gen) continue;
    }
    if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) on_readable(c);
  }
}

/* Nothing opened after this many failed attempts: the server refuses (a wrong path, a 403), and
   trying on until the deadline would only hide that for minutes. */
#define GIVE_UP_ERRORS 64

/* Opens connections until `target` are open (or the deadline passes, or every attempt fails). */
static int open_until(int target, double limit_s) {
  uint64_t deadline = now_ns() + (uint64_t)(limit_s * 1e9);
  int next = 0;
  while (opened < target && now_ns() < deadline && !(opened == 0 && errors >= GIVE_UP_ERRORS)) {
    int wrapped = 0; /* a slot whose connection failed is tried again, as a client would */
    while (opened + inflight < target && inflight < max_inflight) {
      while (next < nconns && conns[next].state != S_FREE && conns[next].state != S_DEAD) next++;
      if (next >= nconns) {
        if (wrapped) break;
        wrapped = 1;
        next = 0;
        continue;
      }
      start_conn(&conns[next]);
    }
    poll_once(10);
  }
  return opened >= target;
}
