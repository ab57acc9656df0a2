/*
 * Squall benchmark load generator: epoll, non-blocking, frames pre-built and pre-masked, no
 * allocation per message. One process, one thread (pin it with taskset). Prints one JSON object.
 *
 *   loadgen echo      HOST PORT PATH CONNECTIONS SECONDS        32-byte text, closed loop
 *   loadgen broadcast HOST PORT PATH RECEIVERS RATE SECONDS     one sender at RATE msgs/s
 *   loadgen handshake HOST PORT PATH CONCURRENCY SECONDS        connect, upgrade, close
 *   loadgen idle      HOST PORT PATH COUNT1 COUNT2              opens COUNT1, prints "ready",
 *                                                               waits for a line, opens up to COUNT2
 *   loadgen big       HOST PORT PATH SECONDS                    1 MiB binary echo, one connection
 *
 * Loopback only: HOST must be 127.x.x.x. Every run is bounded by SECONDS (and a hard cap).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONN 20000
#define RBUF (64 * 1024)
#define HIST_BUCKETS 200000 /* latency histogram: 10 us buckets up to 2 s, then overflow */
#define HIST_US 10
#define MASK_KEY 0x5a3c96e1u
#define BIG (1 << 20)

enum state { CONNECTING, UPGRADING, OPEN, CLOSING, DONE };

struct conn {
  int fd;
  enum state st;
  uint32_t head_match; /* last 4 bytes seen while reading the 101 */
  uint64_t sent_ns;    /* when the outstanding echo was sent */
  uint64_t frame_left; /* payload bytes still to skip of the current incoming frame */
  uint8_t hdr[14];
  int hdr_len;
  uint64_t got; /* bytes of the current (big) message received */
  size_t out_off; /* bytes of the pending write already sent */
  const uint8_t *out; size_t out_len;
  int is_sender;
  uint8_t ts[16]; int ts_len; /* broadcast: first payload bytes (the timestamp) */
};

static struct conn conns[MAX_CONN];
static int ep;
static struct sockaddr_in addr;
static char upgrade[512];
static size_t upgrade_len;
static uint8_t echo_frame[6 + 32];
static uint8_t close_frame[6 + 2];
static uint8_t *big_frame; static size_t big_frame_len;
static uint64_t hist[HIST_BUCKETS + 1];
static uint64_t samples, messages, bytes_in, handshakes, errors_seen;

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t) t.tv_sec * 1000000000ull + t.tv_nsec;
}

static void record(uint64_t ns) {
  uint64_t b = ns / 1000 / HIST_US;
  hist[b < HIST_BUCKETS ? b : HIST_BUCKETS]++;
  samples++;
}

static double percentile(double p) {
  uint64_t want = (uint64_t) (samples * p), seen = 0;
  for (int i = 0; i <= HIST_BUCKETS; i++) {
    seen += hist[i];
    if (seen > want) return (i + 0.5) * HIST_US;
  }
  return 0;
}

static size_t build_frame(uint8_t *out, int opcode, const uint8_t *payload, size_t len) {
  size_t h = 0;
  uint8_t key[4] = {(MASK_KEY >> 24) & 0xff, (MASK_KEY >> 16) & 0xff, (MASK_KEY >> 8) & 0xff, MASK_KEY & 0xff};
  out[h++] = 0x80 | opcode;
  if (len < 126) { out[h++] = 0x80 | len; }
  else if (len < 65536) { out[h++] = 0x80 | 126; out[h++] = len >> 8; out[h++] = len; }
  else { out[h++] = 0x80 | 127; for (int i = 7; i >= 0; i--) out[h++] = (uint8_t) ((uint64_t) len >> (8 * i)); }
  memcpy(out + h, key, 4); h += 4;
  for (size_t i = 0; i < len; i++) out[h + i] = payload[i] ^ key[i & 3];
  return h + len;
}

static int open_conn(int i) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd < 0) { perror("socket"); return -1; }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct linger lg = {1, 0}; /* close with RST: no TIME_WAIT eating the port range */
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  if (connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0 && errno != EINPROGRESS) { perror("connect"); close(fd); return -1; }
  struct conn *c = &conns[i];
  memset(c, 0, sizeof *c);
  c->fd = fd; c->st = CONNECTING;
  struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.u32 = i};
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  return 0;
}

static void want_write(int i, int on) {
  struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.u32 = i};
  epoll_ctl(ep, EPOLL_CTL_MOD, conns[i].fd, &ev);
}

/* Queues bytes (static, never copied) and writes what the socket takes now. */
static void send_bytes(int i, const uint8_t *p, size_t n) {
  struct conn *c = &conns[i];
  c->out = p; c->out_len = n; c->out_off = 0;
  ssize_t w = write(c->fd, p, n);
  if (w > 0) c->out_off = w;
  if (c->out_off < n) want_write(i, 1);
}

static void flush_out(int i) {
  struct conn *c = &conns[i];
  if (!c->out || c->out_off >= c->out_len) { want_write(i, 0); return; }
  ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
  if (w > 0) c->out_off += w;
  if (c->out_off >= c->out_len) want_write(i, 0);
}

static int open_count;

static void close_conn(int i) {
  if (conns[i].st == DONE) return;
  if (conns[i].st == OPEN) open_count--;
  epoll_ctl(ep, EPOLL_CTL_DEL, conns[i].fd, NULL);
  close(conns[i].fd);
  conns[i].st = DONE;
}

static char mode[16];
static int big_mode;

/* Called for every complete incoming frame (payload skipped, first bytes kept for broadcast). */
static void on_frame(int i, int opcode) {
  struct conn *c = &conns[i];
  if (opcode == 8) { close_conn(i); return; }
  if (opcode == 9 || opcode == 10) return;
  if (c->is_sender) return; /* some servers echo the sender too: only receivers count */
  messages++;
  if (!strcmp(mode, "echo")) {
    record(now_ns() - c->sent_ns);
    c->sent_ns = now_ns();
    send_bytes(i, echo_frame, sizeof echo_frame);
  } else if (!strcmp(mode, "broadcast")) {
    if (c->ts_len == 16) {
      char tmp[17];
      memcpy(tmp, c->ts, 16); tmp[16] = 0;
      record(now_ns() - strtoull(tmp, NULL, 16));
    }
  } else if (big_mode) {
    record(now_ns() - c->sent_ns);
    c->sent_ns = now_ns();
    send_bytes(i, big_frame, big_frame_len);
  }
}

static void on_open(int i) {
  struct conn *c = &conns[i];
  c->st = OPEN;
  open_count++;
  if (!strcmp(mode, "echo")) { c->sent_ns = now_ns(); send_bytes(i, echo_frame, sizeof echo_frame); }
  else if (big_mode) { c->sent_ns = now_ns(); send_bytes(i, big_frame, big_frame_len); }
  else if (!strcmp(mode, "handshake")) { handshakes++; c->st = CLOSING; send_bytes(i, close_frame, sizeof close_frame); }
}

static uint8_t rbuf[RBUF];

static void on_readable(int i) {
  struct conn *c = &conns[i];
  for (;;) {
    if (c->st == DONE) return;
    ssize_t n = read(c->fd, rbuf, sizeof rbuf);
    if (n == 0) { close_conn(i); return; }
    if (n < 0) {
      if (errno != EAGAIN) {
        if (c->st != CLOSING) errors_seen++; /* a reset after our close frame is no error */
        close_conn(i);
      }
      return;
    }
    bytes_in += n;
    ssize_t p = 0;
    if (c->st == UPGRADING) {
      while (p < n && c->st == UPGRADING) {
        c->head_match = (c->head_match << 8) | rbuf[p++];
        if (c->head_match == 0x0d0a0d0a) on_open(i);
      }
    }
    while (p < n && (c->st == OPEN || c->st == CLOSING)) {
      if (c->frame_left > 0) {
        ssize_t take = (ssize_t) c->frame_left < n - p ? (ssize_t) c->frame_left : n - p;
        if (c->ts_len < 16) {
          int k = take < 16 - c->ts_len ? take : 16 - c->ts_len;
          memcpy(c->ts + c->ts_len, rbuf + p, k); c->ts_len += k;
        }
        c->frame_left -= take; p += take;
        if (c->frame_left == 0) on_frame(i, c->hdr[0] & 0x0f);
        continue;
      }
      c->hdr[c->hdr_len++] = rbuf[p++];
      if (c->hdr_len < 2) continue;
      int l7 = c->hdr[1] & 0x7f;
      int need = 2 + (l7 == 126 ? 2 : l7 == 127 ? 8 : 0);
      if (c->hdr_len < need) continue;
      uint64_t len = l7;
      if (l7 == 126) len = (c->hdr[2] << 8) | c->hdr[3];
      else if (l7 == 127) { len = 0; for (int k = 2; k < 10; k++) len = (len << 8) | c->hdr[k]; }
      c->hdr_len = 0; c->ts_len = 0;
      c->frame_left = len;
      int opcode = c->hdr[0] & 0x0f;
      if (len == 0) on_frame(i, opcode);
      if (c->st == DONE) return;
    }
  }
}

static void on_writable(int i) {
  struct conn *c = &conns[i];
  if (c->st == CONNECTING) {
    int err = 0; socklen_t l = sizeof err;
    getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
    if (err) { errors_seen++; close_conn(i); return; }
    c->st = UPGRADING;
    send_bytes(i, (const uint8_t *) upgrade, upgrade_len);
    return;
  }
  flush_out(i);
}

static void loop_until(uint64_t deadline, int sender, uint64_t interval_ns, uint64_t *next_send) {
  struct epoll_event evs[1024];
  static uint8_t bcast[6 + 32];
  while (now_ns() < deadline) {
    int timeout = 100;
    if (sender >= 0) {
      uint64_t t = now_ns();
      if (t >= *next_send && conns[sender].st == OPEN) {
        char payload[33];
        snprintf(payload, sizeof payload, "%016llx%016llx", (unsigned long long) t, 0ull);
        build_frame(bcast, 1, (uint8_t *) payload, 32);
        send_bytes(sender, bcast, sizeof bcast);
        *next_send += interval_ns;
        if (*next_send < t) *next_send = t + interval_ns; /* fell behind: do not burst */
      }
      uint64_t wait = *next_send > now_ns() ? (*next_send - now_ns()) / 1000000 : 0;
      timeout = wait < 100 ? (int) wait : 100;
    }
    int n = epoll_wait(ep, evs, 1024, timeout);
    for (int k = 0; k < n; k++) {
      int i = evs[k].data.u32;
      if (conns[i].st == DONE) continue;
      if (evs[k].events & (EPOLLOUT | EPOLLERR)) on_writable(i);
      if (conns[i].st != DONE && (evs[k].events & (EPOLLIN | EPOLLHUP))) on_readable(i);
      if (!strcmp(mode, "handshake") && conns[i].st == DONE) open_conn(i);
    }
  }
}

static double cpu_seconds(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

/* Runs the loop until {@code want} connections are open or the deadline passes. */
static int await_open(int want, uint64_t deadline) {
  while (open_count < want && now_ns() < deadline) loop_until(now_ns() + 50000000ull, -1, 0, NULL);
  return open_count;
}

/* Opens connections [from, to) in batches, so the server's accept backlog never overflows. */
static int open_range(int from, int to) {
  for (int i = from; i < to; i += 500) {
    int end = i + 500 < to ? i + 500 : to;
    for (int k = i; k < end; k++) if (open_conn(k)) return -1;
    if (await_open(end, now_ns() + 30000000000ull) < end - (int) errors_seen) break;
  }
  return open_count;
}

static void reset_stats(void) {
  memset(hist, 0, sizeof hist);
  samples = messages = bytes_in = handshakes = 0;
}

static void report(int connections, uint64_t start, uint64_t end, double cpu, uint64_t count, double extra) {
  double secs = (end - start) / 1e9;
  printf("{\"mode\":\"%s\",\"connections\":%d,\"seconds\":%.3f,\"count\":%llu,\"rate\":%.1f,"
         "\"p50_us\":%.1f,\"p99_us\":%.1f,\"mb_per_s\":%.2f,\"loadgen_cpu\":%.3f,\"errors\":%llu}\n",
      mode, connections, secs, (unsigned long long) count, count / secs, percentile(0.50), percentile(0.99),
      extra, cpu / secs, (unsigned long long) errors_seen);
  fflush(stdout);
}

static int arg(char **argv, int argc, int i, int lo, int hi) {
  int v = i < argc ? atoi(argv[i]) : -1;
  if (v < lo || v > hi) { fprintf(stderr, "loadgen: argument %d must be %d..%d\n", i, lo, hi); exit(2); }
  return v;
}

int main(int argc, char **argv) {
  if (argc < 6) { fprintf(stderr, "usage: see the comment at the top of loadgen.c\n"); return 2; }
  strncpy(mode, argv[1], sizeof mode - 1);
  const char *host = argv[2], *path = argv[4];
  if (strncmp(host, "127.", 4)) { fprintf(stderr, "loadgen: loopback only (127.x.x.x), got %s\n", host); return 2; }
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET; addr.sin_port = htons(atoi(argv[3]));
  inet_pton(AF_INET, host, &addr.sin_addr);
  upgrade_len = snprintf(upgrade, sizeof upgrade,
      "GET %s HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", path, host, argv[3]);
  uint8_t payload[32];
  memset(payload, 'x', 32);
  build_frame(echo_frame, 1, payload, 32);
  uint8_t code[2] = {0x03, 0xe8};
  build_frame(close_frame, 8, code, 2);
  ep = epoll_create1(0);
  uint64_t start, end;
  double cpu0;
  if (!strcmp(mode, "echo")) {
    int n = arg(argv, argc, 5, 1, MAX_CONN), secs = arg(argv, argc, 6, 1, 600);
    if (open_range(0, n) < n) { fprintf(stderr, "loadgen: only %d of %d connections opened\n", open_count, n); return 1; }
    loop_until(now_ns() + 200000000ull, -1, 0, NULL);
    reset_stats(); cpu0 = cpu_seconds(); start = now_ns();
    loop_until(start + secs * 1000000000ull, -1, 0, NULL);
    end = now_ns();
    report(n, start, end, cpu_seconds() - cpu0, messages, 0);
  } else if (!strcmp(mode, "broadcast")) {
    int r = arg(argv, argc, 5, 1, MAX_CONN - 1), rate = arg(argv, argc, 6, 1, 1000000), secs = arg(argv, argc, 7, 1, 600);
    if (open_range(0, r + 1) < r + 1) { fprintf(stderr, "loadgen: only %d of %d connections opened\n", open_count, r + 1); return 1; }
    conns[r].is_sender = 1;
    loop_until(now_ns() + 500000000ull, -1, 0, NULL); /* let every server register its members */
    reset_stats(); cpu0 = cpu_seconds(); start = now_ns();
    uint64_t next = start;
    loop_until(start + secs * 1000000000ull, r, 1000000000ull / rate, &next);
    end = now_ns();
    report(r, start, end, cpu_seconds() - cpu0, messages, 0);
  } else if (!strcmp(mode, "handshake")) {
    int n = arg(argv, argc, 5, 1, 1000), secs = arg(argv, argc, 6, 1, 600);
    cpu0 = cpu_seconds(); start = now_ns();
    for (int i = 0; i < n; i++) if (open_conn(i)) return 1;
    loop_until(start + secs * 1000000000ull, -1, 0, NULL);
    end = now_ns();
    report(n, start, end, cpu_seconds() - cpu0, handshakes, 0);
  } else if (!strcmp(mode, "idle")) {
    int c1 = arg(argv, argc, 5, 1, MAX_CONN), c2 = arg(argv, argc, 6, c1, MAX_CONN);
    char line[64];
    printf("ready %d\n", open_range(0, c1)); fflush(stdout);
    if (!fgets(line, sizeof line, stdin)) return 0;
    printf("ready %d\n", open_range(c1, c2)); fflush(stdout);
    if (!fgets(line, sizeof line, stdin)) return 0;
  } else if (!strcmp(mode, "big")) {
    int secs = arg(argv, argc, 5, 1, 600);
    big_mode = 1;
    uint8_t *data = malloc(BIG);
    for (int i = 0; i < BIG; i++) data[i] = (uint8_t) i;
    big_frame = malloc(BIG + 14);
    big_frame_len = build_frame(big_frame, 2, data, BIG);
    if (open_range(0, 1) < 1) { fprintf(stderr, "loadgen: cannot connect\n"); return 1; }
    loop_until(now_ns() + 500000000ull, -1, 0, NULL);
    reset_stats(); cpu0 = cpu_seconds(); start = now_ns();
    loop_until(start + secs * 1000000000ull, -1, 0, NULL);
    end = now_ns();
    report(1, start, end, cpu_seconds() - cpu0, messages, messages * (double) BIG / 1e6 / ((end - start) / 1e9));
  } else {
    fprintf(stderr, "loadgen: unknown mode %s\n", mode);
    return 2;
  }
  return 0;
}
