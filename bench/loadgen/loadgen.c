/*
 * loadgen: the WebSocket load generator of ./squall bench. One thread, one epoll set, level
 * triggered, meant to run pinned to its own core (taskset) while the server runs on the other.
 *
 * Every client frame is built and masked once before the run (the broadcast sender rewrites only
 * its 16 timestamp bytes in place); nothing is allocated per message. Latencies go into a
 * log-linear histogram (1.6 % resolution). The generator reports its own CPU use over the
 * measured window so the report can show it was not the bottleneck.
 *
 * Modes (one JSON object on stdout at the end; progress events are JSON lines too):
 *   echo       N connections, closed loop: send one message, wait for its echo, send the next.
 *   broadcast  N connections to /broadcast; connection 0 also sends at --rate msgs/s, every
 *              connection counts the deliveries and their latency (send time is in the payload).
 *   idle       open --stages A,B,... connections; after each stage print an event and wait for a
 *              line on stdin; EOF or the last line ends the run.
 *   handshake  --conns slots in parallel, each: connect, upgrade, close handshake, close; again.
 *
 * Build: gcc -O2 -o loadgen loadgen.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { M_ECHO, M_BCAST, M_IDLE, M_HANDSHAKE };
enum { S_FREE, S_CONNECTING, S_UPGRADING, S_OPEN, S_CLOSING, S_DEAD };

#define RBUF (256 * 1024)
#define PFX 24
#define MAX_CONNS 20000
#define MAX_STAGES 8
#define SRC_ADDRS 200 /* source addresses 127.0.0.2..201: more 4-tuples for connection churn */

typedef struct {
  int fd;
  uint32_t gen;
  uint8_t state, want_out, in_payload, hgot, hneed, opcode, pfx_got, match;
  uint8_t hbuf[14];
  uint8_t pfx[PFX];
  uint16_t resp_got;
  char resp[16];
  uint64_t remaining, flen;
  const uint8_t *tx;
  size_t tx_len;
  uint64_t sent_ns, started_ns;
} conn_t;

/* ---- options ---- */
static int mode = M_ECHO, port = 0, nconns = 100, msg_size = 32, binary = 0, max_inflight = 128;
static double warmup_s = 2, duration_s = 5, rate = 100;
static const char *path = "/echo";
static long stages[MAX_STAGES];
static int nstages = 0;

/* ---- state ---- */
static conn_t *conns;
static int ep;
static uint8_t rbuf[RBUF];
static char upgrade_req[512];
/* Where the Sec-WebSocket-Key's value starts in upgrade_req. */
static size_t key_offset;
static uint64_t keys_sent;
static size_t upgrade_len;
static uint8_t *msg_frame; /* the pre-built, pre-masked data frame */
static size_t msg_frame_len;
static uint8_t close_frame[8];
static uint8_t pong_frame[6 + 125];
static const uint8_t mask_key[4] = {0x37, 0xfa, 0x21, 0x3d};
static int opened = 0, inflight = 0, measuring = 0, stopping = 0;
static uint64_t window_start = 0, window_end = 0;
static uint64_t count = 0, bytes = 0, errors = 0, sent = 0, skipped = 0, unexpected_close = 0;
static struct sockaddr_in server_addr;

/* ---- histogram: 64 sub-buckets per power of two ---- */
#define HB 64
#define HSHIFT 6
#define HBUCKETS ((64 - HSHIFT) * HB)
static uint64_t hist[HBUCKETS];
static uint64_t hist_n = 0, hist_max = 0;

static int hidx(uint64_t v) {
  if (v < HB) return (int)v;
  int k = 63 - __builtin_clzll(v);
  return (k - HSHIFT + 1) * HB + (int)((v >> (k - HSHIFT)) & (HB - 1));
}
static uint64_t hval(int i) { /* upper edge of bucket i */
  if (i < HB) return (uint64_t)i;
  int k = i / HB + HSHIFT - 1;
  uint64_t sub = (uint64_t)(i % HB);
  return ((HB + sub + 1) << (k - HSHIFT)) - 1;
}
static void hadd(uint64_t v) {
  hist[hidx(v)]++;
  hist_n++;
  if (v > hist_max) hist_max = v;
}
static double hpct(double p) {
  if (hist_n == 0) return 0;
  uint64_t target = (uint64_t)(p / 100.0 * (double)hist_n);
  if (target >= hist_n) target = hist_n - 1;
  uint64_t seen = 0;
  for (int i = 0; i < HBUCKETS; i++) {
    seen += hist[i];
    if (seen > target) return (double)hval(i) / 1000.0;
  }
  return (double)hist_max / 1000.0;
}

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
  memset(c, 0, sizeof *c);
  c->fd = fd;
  c->gen = gen;
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
  if (send_buf(c, msg_frame, msg_frame_len) < 0) kill_conn(c, 1);
}

/* A whole frame arrived on c (its first PFX payload bytes are in c->pfx). */
static void on_frame(conn_t *c, uint64_t t, uint64_t len) {
  switch (c->opcode) {
    case 1:
    case 2:
      if (mode == M_ECHO) {
        if (measuring) {
          hadd(t - c->sent_ns);
          count++;
          bytes += len;
        }
        if (!stopping) begin_sending(c);
      } else if (mode == M_BCAST) {
        if (measuring && c->pfx_got >= 17 && c->pfx[0] == 'T') {
          uint64_t ts = 0;
          for (int i = 1; i <= 16; i++) {
            uint8_t h = c->pfx[i];
            ts = (ts << 4) | (uint64_t)(h <= '9' ? h - '0' : h - 'a' + 10);
          }
          count++;
          bytes += len;
          if (t >= ts) hadd(t - ts); /* every delivery in the window, backlog included */
        }
      }
      break;
    case 8:
      if (mode == M_HANDSHAKE && c->state == S_CLOSING) {
        /* The close handshake is complete; the client may close at once (RFC 6455 §7.1.1). */
        close(c->fd);
        c->fd = -1;
        c->gen++;
        opened--;
        c->state = S_FREE;
        if (measuring) {
          count++;
          hadd(t - c->started_ns);
        }
      } else {
        unexpected_close++;
        kill_conn(c, 1);
      }
      break;
    case 9: { /* ping: answer with a pong carrying the same payload (rare; not on the hot path) */
      size_t n = len < 125 ? len : 125;
      pong_frame[0] = 0x8a;
      pong_frame[1] = (uint8_t)(0x80 | n);
      memset(pong_frame + 2, 0, 4); /* zero mask key: payload stays as is */
      memcpy(pong_frame + 6, c->pfx, n < PFX ? n : PFX);
      if (!c->tx_len) {
        ssize_t w = write(c->fd, pong_frame, 6 + n);
        (void)w;
      }
      break;
    }
    default:
      break;
  }
}

/* Feeds received bytes through the frame parser; returns -1 when the connection died. */
static int parse(conn_t *c, const uint8_t *p, size_t n, uint64_t t) {
  uint32_t gen = c->gen;
  while (n) {
    if (!c->in_payload) {
      c->hbuf[c->hgot++] = *p++;
      n--;
      if (c->hgot == 2) {
        uint8_t l7 = c->hbuf[1] & 0x7f;
        c->hneed = (uint8_t)(2 + (l7 == 126 ? 2 : l7 == 127 ? 8 : 0) + ((c->hbuf[1] & 0x80) ? 4 : 0));
      }
      if (c->hgot >= 2 && c->hgot == c->hneed) {
        uint8_t l7 = c->hbuf[1] & 0x7f;
        uint64_t len = l7;
        if (l7 == 126) len = ((uint64_t)c->hbuf[2] << 8) | c->hbuf[3];
        if (l7 == 127) {
          len = 0;
          for (int i = 0; i < 8; i++) len = (len << 8) | c->hbuf[2 + i];
        }
        c->opcode = c->hbuf[0] & 0x0f;
        c->remaining = len;
        c->flen = len;
        c->pfx_got = 0;
        c->hgot = 0;
        c->hneed = 0;
        c->in_payload = 1;
      } else {
        continue;
      }
    } else {
      size_t take = n < c->remaining ? n : (size_t)c->remaining;
      if (c->pfx_got < PFX) {
        size_t k = PFX - c->pfx_got;
        if (k > take) k = take;
        memcpy(c->pfx + c->pfx_got, p, k);
        c->pfx_got = (uint8_t)(c->pfx_got + k);
      }
      c->remaining -= take;
      p += take;
      n -= take;
    }
    if (c->in_payload && c->remaining == 0) {
      c->in_payload = 0;
      on_frame(c, t, c->flen);
      if (c->gen != gen || c->fd < 0) return -1;
    }
  }
  return 0;
}

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

static void parse_stages(const char *s) {
  char *dup = strdup(s), *save = NULL;
  for (char *tok = strtok_r(dup, ",", &save); tok && nstages < MAX_STAGES; tok = strtok_r(NULL, ",", &save)) stages[nstages++] = atol(tok);
  free(dup);
}

static void usage(void) {
  fprintf(stderr,
          "usage: loadgen --mode echo|broadcast|idle|handshake --port P [--path /echo] [--conns N]\n"
          "               [--size BYTES] [--binary] [--warmup S] [--duration S] [--rate MSGS/S]\n"
          "               [--stages A,B] [--inflight N]\n");
  exit(2);
}

static void report(double wall, double cpu) {
  double secs = wall > 0 ? wall : 1;
  printf("{\"event\":\"result\",\"mode\":\"%s\",\"conns\":%d,\"size\":%d,\"window_s\":%.3f,\"count\":%llu,"
         "\"rate\":%.1f,\"bytes_per_s\":%.1f,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,"
         "\"samples\":%llu,\"cpu_pct\":%.1f,\"errors\":%llu,\"unexpected_close\":%llu,\"sent\":%llu,"
         "\"skipped\":%llu,\"offered_rate\":%.1f,\"open\":%d}\n",
         mode == M_ECHO ? "echo" : mode == M_BCAST ? "broadcast" : mode == M_IDLE ? "idle" : "handshake", nconns,
         msg_size, wall, (unsigned long long)count, count / secs, bytes / secs, hpct(50), hpct(90), hpct(99),
         hist_max / 1000.0, (unsigned long long)hist_n, 100.0 * cpu / secs, (unsigned long long)errors,
         (unsigned long long)unexpected_close, (unsigned long long)sent, (unsigned long long)skipped,
         mode == M_BCAST ? rate * nconns : 0.0, opened);
  fflush(stdout);
}

int main(int argc, char **argv) {
  static struct option opts[] = {{"mode", 1, 0, 'm'},   {"port", 1, 0, 'p'},     {"path", 1, 0, 'P'},
                                 {"conns", 1, 0, 'c'},  {"size", 1, 0, 's'},     {"binary", 0, 0, 'b'},
                                 {"warmup", 1, 0, 'w'}, {"duration", 1, 0, 'd'}, {"rate", 1, 0, 'r'},
                                 {"stages", 1, 0, 'S'}, {"inflight", 1, 0, 'i'}, {0, 0, 0, 0}};
  int o;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
      case 'm':
        mode = !strcmp(optarg, "echo") ? M_ECHO : !strcmp(optarg, "broadcast") ? M_BCAST : !strcmp(optarg, "idle") ? M_IDLE
               : !strcmp(optarg, "handshake") ? M_HANDSHAKE : -1;
        if (mode < 0) usage();
        break;
      case 'p': port = atoi(optarg); break;
      case 'P': path = optarg; break;
      case 'c': nconns = atoi(optarg); break;
      case 's': msg_size = atoi(optarg); break;
      case 'b': binary = 1; break;
      case 'w': warmup_s = atof(optarg); break;
      case 'd': duration_s = atof(optarg); break;
      case 'r': rate = atof(optarg); break;
      case 'S': parse_stages(optarg); break;
      case 'i': max_inflight = atoi(optarg); break;
      default: usage();
    }
  }
  if (port <= 0 || nconns < 1 || msg_size < 17 || (mode == M_IDLE && nstages == 0)) usage();
  if (mode == M_IDLE) nconns = (int)stages[nstages - 1];
  if (nconns > MAX_CONNS) usage();
  signal(SIGPIPE, SIG_IGN);
  /* Every run is bounded: whatever happens, the process ends. */
  alarm((unsigned)(warmup_s + duration_s + (mode == M_IDLE ? 900 : 120)));

  server_addr.sin_family = AF_INET;
  server_addr.sin_port = htons((uint16_t)port);
  server_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  upgrade_len = (size_t)snprintf(upgrade_req, sizeof upgrade_req,
                                 "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                                 path, port);
  key_offset = (size_t)(strstr(upgrade_req, "Sec-WebSocket-Key: ") - upgrade_req) + 19;
  uint8_t *payload = malloc((size_t)msg_size);
  for (int i = 0; i < msg_size; i++) payload[i] = (uint8_t)('a' + i % 26);
  if (mode == M_BCAST) {
    payload[0] = 'T';
    memset(payload + 1, '0', 16);
  }
  msg_frame = build_frame(binary ? 2 : 1, payload, (size_t)msg_size, &msg_frame_len);
  uint8_t code[2] = {0x03, 0xe8}; /* 1000 */
  size_t cl;
  uint8_t *cf = build_frame(8, code, 2, &cl);
  memcpy(close_frame, cf, cl);

  conns = calloc((size_t)nconns, sizeof(conn_t));
  for (int i = 0; i < nconns; i++) conns[i].fd = -1;
  ep = epoll_create1(0);
  if (ep < 0) die("epoll_create1");

  if (mode == M_IDLE) {
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = UINT64_MAX};
    epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev);
    for (int s = 0; s < nstages; s++) {
      uint64_t t0 = now_ns();
      if (!open_until((int)stages[s], 60)) {
        fprintf(stderr, "loadgen: only %d of %ld connections opened\n", opened, stages[s]);
        report((now_ns() - t0) / 1e9, 0);
        return 1;
      }
      printf("{\"event\":\"stage\",\"open\":%d,\"connect_s\":%.3f,\"errors\":%llu}\n", opened, (now_ns() - t0) / 1e9,
             (unsigned long long)errors);
      fflush(stdout);
      char line[64];
      uint64_t wait_until = now_ns() + 600ull * 1000000000ull;
      for (;;) { /* keep answering pings while the harness measures */
        struct epoll_event evs[64];
        int n = epoll_wait(ep, evs, 64, 100);
        int got_line = 0;
        for (int i = 0; i < n; i++) {
          if (evs[i].data.u64 == UINT64_MAX) {
            got_line = 1;
            if (read(0, line, sizeof line) <= 0) s = nstages;
          } else {
            conn_t *c = &conns[(uint32_t)evs[i].data.u64];
            if (c->fd >= 0 && c->gen == (uint32_t)(evs[i].data.u64 >> 32)) on_readable(c);
          }
        }
        if (got_line || now_ns() > wait_until) break;
      }
    }
    report(0, 0);
    return 0;
  }

  uint64_t t0 = now_ns();
  if (mode != M_HANDSHAKE && !open_until(nconns, 120)) {
    fprintf(stderr, "loadgen: only %d of %d connections opened (%llu errors)\n", opened, nconns, (unsigned long long)errors);
    report((now_ns() - t0) / 1e9, 0);
    return 1;
  }
  printf("{\"event\":\"open\",\"open\":%d,\"connect_s\":%.3f}\n", opened, (now_ns() - t0) / 1e9);
  fflush(stdout);
  if (mode == M_BCAST) { /* let every server finish registering its members */
    uint64_t settle = now_ns() + 300000000ull;
    while (now_ns() < settle) poll_once(10);
  }
  if (mode == M_ECHO)
    for (int i = 0; i < nconns; i++) begin_sending(&conns[i]);

  uint64_t start = now_ns();
  window_start = start + (uint64_t)(warmup_s * 1e9);
  window_end = window_start + (uint64_t)(duration_s * 1e9);
  double cpu0 = 0;
  uint64_t due_base = start;
  conn_t *sender = &conns[0];
  uint8_t *ts_bytes = msg_frame + (msg_frame_len - (size_t)msg_size) + 1;
  const uint8_t *key = msg_frame + (msg_frame_len - (size_t)msg_size) - 4;
  for (;;) {
    uint64_t t = now_ns();
    if (!measuring && t >= window_start) {
      measuring = 1;
      cpu0 = cpu_s();
      window_start = t;
      printf("{\"event\":\"window\"}\n");
      fflush(stdout);
    }
    if (t >= window_end) break;
    if (mode == M_HANDSHAKE) {
      for (int i = 0; i < nconns; i++) /* a slot stuck for 2 s counts as an error and starts over */
        if (conns[i].fd >= 0 && conns[i].started_ns + 2000000000ull < t) kill_conn(&conns[i], 1);
      for (int i = 0; i < nconns && inflight + opened < nconns; i++)
        if (conns[i].state == S_FREE || conns[i].state == S_DEAD) start_conn(&conns[i]);
    }
    if (mode == M_BCAST && sender->fd >= 0) {
      uint64_t due = (uint64_t)((double)(t - due_base) * rate / 1e9);
      if (due > sent + skipped + (uint64_t)(rate / 10 + 1)) { /* more than 100 ms behind: drop, never burst */
        skipped += due - sent - skipped - 1;
      }
      while (sent + skipped < due && sender->tx_len == 0) {
        uint64_t ts = now_ns();
        static const char hex[] = "0123456789abcdef";
        for (int i = 0; i < 16; i++) {
          int pos = 1 + i; /* payload index */
          ts_bytes[i] = (uint8_t)hex[(ts >> (60 - 4 * i)) & 15] ^ key[pos & 3];
        }
        sent++;
        if (send_buf(sender, msg_frame, msg_frame_len) < 0) {
          kill_conn(sender, 1);
          break;
        }
      }
    }
    poll_once(mode == M_BCAST ? 1 : 5);
    if (mode != M_HANDSHAKE && opened < nconns && errors > 0 && opened == 0) break;
  }
  stopping = 1;
  double wall = (now_ns() - window_start) / 1e9;
  double cpu = cpu_s() - cpu0;
  report(measuring ? wall : 0, measuring ? cpu : 0);
  return 0;
}
