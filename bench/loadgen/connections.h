/* Part of loadgen.c (one translation unit: it includes its parts once, in order, after its
   types and state). Clocks, frames built before the run, and opening and writing connections. */

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
static double cpu_s(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}
static void die(const char *m) {
  fprintf(stderr, "loadgen: %s: %s\n", m, strerror(errno));
  exit(2);
}

static uint8_t *build_frame(int opcode, const uint8_t *payload, size_t len, size_t *out_len) {
  size_t hl = 2 + (len < 126 ? 0 : len < 65536 ? 2 : 8) + 4;
  uint8_t *f = malloc(hl + len);
  if (!f) die("malloc");
  f[0] = (uint8_t)(0x80 | opcode);
  size_t o = 2;
  if (len < 126) {
    f[1] = (uint8_t)(0x80 | len);
  } else if (len < 65536) {
    f[1] = 0x80 | 126;
    f[2] = (uint8_t)(len >> 8);
    f[3] = (uint8_t)len;
    o = 4;
  } else {
    f[1] = 0x80 | 127;
    for (int i = 0; i < 8; i++) f[2 + i] = (uint8_t)(len >> (56 - 8 * i));
    o = 10;
  }
  memcpy(f + o, mask_key, 4);
  o += 4;
  for (size_t i = 0; i < len; i++) f[o + i] = payload[i] ^ mask_key[i & 3];
  *out_len = hl + len;
  return f;
}

static void set_events(conn_t *c, int out) {
  if (c->want_out == out || mode == M_HANDSHAKE) return; /* handshake sockets are edge triggered */
  struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.u64 = (uint64_t)(c - conns) | ((uint64_t)c->gen << 32)};
  if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl mod");
  c->want_out = (uint8_t)out;
}

static void kill_conn(conn_t *c, int is_error) {
  if (c->fd >= 0 && uring_on) uring_cancel(c); /* its armed receive holds the socket open past close() */
  if (c->fd >= 0) close(c->fd);
  if (c->state == S_CONNECTING || c->state == S_UPGRADING) inflight--;
  if (c->state == S_OPEN || c->state == S_CLOSING) opened--;
  c->fd = -1;
  c->state = S_DEAD;
  c->gen++;
  if (is_error) errors++;
}

/* Writes what is pending; returns 0 when all is out, 1 when the socket is full, -1 on error. */
static int flush_tx(conn_t *c) {
  while (c->tx_len) {
    ssize_t n = write(c->fd, c->tx, c->tx_len);
    if (n < 0) {
      if (errno == EAGAIN) {
        set_events(c, 1);
        return 1;
      }
      if (errno == EINTR) continue;
      return -1;
    }
    c->tx += n;
    c->tx_len -= (size_t)n;
  }
  set_events(c, 0);
  return 0;
}
static int send_buf(conn_t *c, const uint8_t *b, size_t len) {
  c->tx = b;
  c->tx_len = len;
  return flush_tx(c);
}
/* A data message of the measured loop: queued on the ring once it runs on io_uring, else written. */
static int send_message(conn_t *c, const uint8_t *b, size_t len) {
  if (!uring_on) return send_buf(c, b, len);
  c->tx = b;
  c->tx_len = len;
  uring_send(c);
  return 0;
}

/* Every upgrade carries its own key, as real clients' do (RFC 6455 §4.1: a fresh random nonce), so a
   server that keeps the handshake request keeps one key per connection, not one shared copy. The
   first 8 of the 24 base64 characters count the upgrades sent; the rest stays a valid 16-byte nonce. */
static void next_key(void) {
  static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  uint64_t n = keys_sent++;
  for (int i = 7; i >= 0; i--) {
    upgrade_req[key_offset + (size_t)i] = b64[n & 63];
    n >>= 6;
  }
}

static void start_conn(conn_t *c) {
  static unsigned next_src = 0;
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) die("socket");
  int one = 1;
  /* A handshake slot never has two small segments in flight (request, then close after the 101
     acknowledged it), so Nagle never delays it: one syscall fewer per handshake. */
  if (mode != M_HANDSHAKE) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
  struct sockaddr_in src = {.sin_family = AF_INET, .sin_port = 0};
  src.sin_addr.s_addr = htonl(0x7f000002u + (next_src++ % SRC_ADDRS));
  if (bind(fd, (struct sockaddr *)&src, sizeof src) < 0) die("bind");
  int r = connect(fd, (struct sockaddr *)&server_addr, sizeof server_addr);
  if (r < 0 && errno != EINPROGRESS) die("connect");
  uint32_t gen = c->gen;
  z_stream *inflater = c->inflater;
  memset(c, 0, sizeof *c);
  c->fd = fd;
  c->gen = gen;
  if ((c->inflater = inflater)) inflateReset(inflater); /* a new connection: a new window */
  c->state = S_CONNECTING;
  c->want_out = 1;
  c->started_ns = now_ns();
  /* Handshake slots live for a few round trips: edge triggered, so no epoll_ctl beyond the add
     (a short read drains the socket, and output is only ever the small request and close frame). */
  uint32_t events = EPOLLIN | EPOLLOUT | (mode == M_HANDSHAKE ? EPOLLET : 0);
  struct epoll_event ev = {.events = events, .data.u64 = (uint64_t)(c - conns) | ((uint64_t)gen << 32)};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl add");
  inflight++;
  /* On loopback the TCP handshake usually completes within connect(): send the upgrade request at
     once (a socket still connecting refuses it with EAGAIN, and EPOLLOUT then says when to retry). */
  next_key();
  ssize_t n = write(fd, upgrade_req, upgrade_len);
  if (n > 0) {
    c->state = S_UPGRADING;
    c->tx = (const uint8_t *)upgrade_req + n;
    c->tx_len = upgrade_len - (size_t)n;
    if (!c->tx_len) set_events(c, 0);
  } else if (n < 0 && errno != EAGAIN) {
    kill_conn(c, 1);
  }
}

static void begin_sending(conn_t *c) { /* echo: the first message of the closed loop */
  c->sent_ns = now_ns();
  if (send_message(c, msg_frame, msg_frame_len) < 0) kill_conn(c, 1);
}
