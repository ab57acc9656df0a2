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
 * Echo and broadcast also report how evenly the window's messages fell on the connections:
 * Jain's fairness index of the per-connection counts, (sum x)^2 / (n * sum x^2), 1.0 when every
 * connection got as many as the others and 1/n when one got them all, and how many connections
 * were starved (under a tenth of the mean). A server that keeps serving the socket it just served
 * shows a fast median and a huge p99 in echo; this says why.
 *
 * --deflate offers permessage-deflate (RFC 7692) in every upgrade; compressed messages are then
 * inflated (each connection keeps its window, as the server may keep its context) to read their
 * timestamp, and the result counts how many deliveries arrived compressed.
 *
 * Echo and broadcast are measured on io_uring where the kernel has it (uring.h says why), and on
 * epoll otherwise or with --engine epoll; the result names the engine.
 *
 * Build: gcc -O2 -o loadgen loadgen.c -lz -luring
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
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include <liburing.h>

enum { M_ECHO, M_BCAST, M_IDLE, M_HANDSHAKE };
enum { E_AUTO, E_EPOLL, E_URING };
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
  uint8_t fin, msg_deflated, frame_deflated; /* RSV1 on the message's first frame: its payload is deflate */
  uint8_t hbuf[14];
  uint8_t pfx[PFX];
  uint16_t resp_got;
  char resp[16];
  uint64_t remaining, flen;
  uint64_t msg_len; /* payload bytes of the data message being received, summed over its fragments */
  const uint8_t *tx;
  size_t tx_len;
  uint64_t sent_ns, started_ns;
  uint64_t window_count; /* echoes or deliveries this connection received in the measured window */
  z_stream *inflater; /* made on the first compressed message; kept by the slot */
} conn_t;

/* ---- options ---- */
static int engine = E_AUTO, mode = M_ECHO, port = 0, nconns = 100, msg_size = 32, binary = 0, max_inflight = 128, deflate_offer = 0;
static int batch = 0, batch_wait_us = 200; /* echo on io_uring: see uring.h; 0 = by the connection count */
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
/* The broadcast sender's frames, sent in turn (all of msg_frame_len bytes): one, or with --deflate
   64 different texts, more than a 32 KiB deflate window holds, so that a server keeping its
   compression context cannot send a message as a mere reference to the same one sent before. */
#define BCAST_VARIANTS 64
static uint8_t *bcast_frames[BCAST_VARIANTS];
static int nvariants = 1;
static uint8_t close_frame[8];
static uint8_t pong_frame[6 + 125];
static const uint8_t mask_key[4] = {0x37, 0xfa, 0x21, 0x3d};
static int opened = 0, inflight = 0, measuring = 0, stopping = 0;
static uint64_t window_start = 0, window_end = 0;
static uint64_t count = 0, bytes = 0, errors = 0, sent = 0, skipped = 0, unexpected_close = 0, compressed = 0;
static struct sockaddr_in server_addr;
/* Set once the measured loop runs on io_uring (uring.h); sends then go through the ring. */
static int uring_on = 0;
static void uring_send(conn_t *c);
static void uring_cancel(conn_t *c);

/* The program's parts, in order (one translation unit: gcc -O2 loadgen.c builds it all). */
#include "histogram.h"
#include "connections.h"
#include "frames.h"
#include "events.h"
#include "uring.h"

static void parse_stages(const char *s) {
  char *dup = strdup(s), *save = NULL;
  for (char *tok = strtok_r(dup, ",", &save); tok && nstages < MAX_STAGES; tok = strtok_r(NULL, ",", &save)) stages[nstages++] = atol(tok);
  free(dup);
}

/*
 * The message body. With --deflate, words drawn from a small vocabulary by a fixed generator (one
 * text per seed): text that deflate shrinks about as chat lines or JSON shrink (1,024 bytes to
 * 344 without context takeover, level 6), where a repeated alphabet would shrink to nothing and
 * cost the server no compression work.
 */
static void fill_payload(uint8_t *p, size_t n, uint32_t seed) {
  static const char *words[] = {"the",  "room",   "message", "server", "said", "hello", "chat",  "line",
                                "from", "client", "socket",  "event",  "user", "joined", "left", "again",
                                "time", "fast",   "slow",    "bytes",  "open", "close",  "with", "every"};
  if (!deflate_offer) {
    for (size_t i = 0; i < n; i++) p[i] = (uint8_t)('a' + i % 26);
    return;
  }
  uint32_t x = 12345 + seed * 7919;
  size_t i = 0;
  while (i < n) {
    x = x * 1103515245u + 12345u;
    const char *w = words[(x >> 16) % (sizeof words / sizeof *words)];
    for (; *w && i < n; w++) p[i++] = (uint8_t)*w;
    if (i < n) p[i++] = ' ';
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: loadgen --mode echo|broadcast|idle|handshake --port P [--path /echo] [--conns N]\n"
          "               [--size BYTES] [--binary] [--warmup S] [--duration S] [--rate MSGS/S]\n"
          "               [--stages A,B] [--inflight N] [--deflate] [--engine auto|epoll|uring]\n"
          "               [--batch K] [--batch-wait-us T]\n");
  exit(2);
}

/* Jain's index of the per-connection counts and the number of starved connections (see above). */
static double fairness(int *starved, uint64_t *min, uint64_t *max) {
  double sum = 0, sq = 0;
  *starved = 0;
  *min = UINT64_MAX;
  *max = 0;
  for (int i = 0; i < nconns; i++) {
    double x = (double)conns[i].window_count;
    sum += x;
    sq += x * x;
    if (conns[i].window_count < *min) *min = conns[i].window_count;
    if (conns[i].window_count > *max) *max = conns[i].window_count;
  }
  if (sq == 0) return 0; /* nothing counted (nconns >= 1 by usage, so min is set) */
  double mean = sum / nconns;
  for (int i = 0; i < nconns; i++)
    if ((double)conns[i].window_count * 10 < mean) (*starved)++;
  return sum * sum / ((double)nconns * sq);
}

static void report(double wall, double cpu) {
  double secs = wall > 0 ? wall : 1;
  int starved = 0;
  uint64_t per_min = 0, per_max = 0;
  double jain = (mode == M_ECHO || mode == M_BCAST) && conns ? fairness(&starved, &per_min, &per_max) : 0;
  printf("{\"event\":\"result\",\"mode\":\"%s\",\"conns\":%d,\"size\":%d,\"window_s\":%.3f,\"count\":%llu,"
         "\"rate\":%.1f,\"bytes_per_s\":%.1f,\"p50_us\":%.1f,\"p90_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,"
         "\"samples\":%llu,\"cpu_pct\":%.1f,\"errors\":%llu,\"unexpected_close\":%llu,\"sent\":%llu,"
         "\"skipped\":%llu,\"offered_rate\":%.1f,\"open\":%d,\"compressed\":%llu,"
         "\"fairness\":%.4f,\"starved\":%d,\"per_conn_min\":%llu,\"per_conn_max\":%llu,\"engine\":\"%s\",\"batch\":%d,\"batch_wait_us\":%d}\n",
         mode == M_ECHO ? "echo" : mode == M_BCAST ? "broadcast" : mode == M_IDLE ? "idle" : "handshake", nconns,
         msg_size, wall, (unsigned long long)count, count / secs, bytes / secs, hpct(50), hpct(90), hpct(99),
         hist_max / 1000.0, (unsigned long long)hist_n, 100.0 * cpu / secs, (unsigned long long)errors,
         (unsigned long long)unexpected_close, (unsigned long long)sent, (unsigned long long)skipped,
         mode == M_BCAST ? rate * nconns : 0.0, opened, (unsigned long long)compressed, jain, starved,
         (unsigned long long)per_min, (unsigned long long)per_max, uring_on ? "io_uring" : "epoll", uring_on && mode == M_ECHO ? batch : 1,
         uring_on && mode == M_ECHO && batch > 1 ? batch_wait_us : 0);
  fflush(stdout);
}

int main(int argc, char **argv) {
  static struct option opts[] = {{"mode", 1, 0, 'm'},   {"port", 1, 0, 'p'},     {"path", 1, 0, 'P'},
                                 {"conns", 1, 0, 'c'},  {"size", 1, 0, 's'},     {"binary", 0, 0, 'b'},
                                 {"warmup", 1, 0, 'w'}, {"duration", 1, 0, 'd'}, {"rate", 1, 0, 'r'},
                                 {"stages", 1, 0, 'S'}, {"inflight", 1, 0, 'i'}, {"deflate", 0, 0, 'D'},
                                 {"engine", 1, 0, 'e'},  {"batch", 1, 0, 'k'},    {"batch-wait-us", 1, 0, 'K'},
                                 {0, 0, 0, 0}};
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
      case 'D': deflate_offer = 1; break;
      case 'k': batch = atoi(optarg); break;
      case 'K': batch_wait_us = atoi(optarg); break;
      case 'e':
        engine = !strcmp(optarg, "auto") ? E_AUTO : !strcmp(optarg, "epoll") ? E_EPOLL : !strcmp(optarg, "uring") ? E_URING : -1;
        if (engine < 0) usage();
        break;
      default: usage();
    }
  }
  if (port <= 0 || nconns < 1 || msg_size < 17 || (mode == M_IDLE && nstages == 0) || batch < 0 || batch_wait_us < 1 ||
      batch_wait_us > 999999)
    usage();
  if (batch == 0) batch = nconns / 8 < 1 ? 1 : nconns / 8 > 32 ? 32 : nconns / 8;
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
                                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n%s\r\n",
                                 path, port, deflate_offer ? "Sec-WebSocket-Extensions: permessage-deflate\r\n" : "");
  key_offset = (size_t)(strstr(upgrade_req, "Sec-WebSocket-Key: ") - upgrade_req) + 19;
  uint8_t *payload = malloc((size_t)msg_size);
  if (mode == M_BCAST && deflate_offer) nvariants = BCAST_VARIANTS;
  for (int v = nvariants - 1; v >= 0; v--) {
    fill_payload(payload, (size_t)msg_size, (uint32_t)v);
    if (mode == M_BCAST) {
      payload[0] = 'T';
      memset(payload + 1, '0', 16);
    }
    msg_frame = bcast_frames[v] = build_frame(binary ? 2 : 1, payload, (size_t)msg_size, &msg_frame_len);
  }
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
  if ((mode == M_ECHO || mode == M_BCAST) && engine != E_EPOLL && !uring_start() && engine == E_URING) {
    fprintf(stderr, "loadgen: io_uring is not available here (--engine uring)\n");
    return 2;
  }
  if (mode == M_ECHO)
    for (int i = 0; i < nconns; i++) begin_sending(&conns[i]);

  uint64_t start = now_ns();
  window_start = start + (uint64_t)(warmup_s * 1e9);
  window_end = window_start + (uint64_t)(duration_s * 1e9);
  double cpu0 = 0;
  uint64_t due_base = start;
  conn_t *sender = &conns[0];
  size_t payload_at = msg_frame_len - (size_t)msg_size;
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
        uint8_t *frame = bcast_frames[sent % (uint64_t)nvariants];
        uint8_t *ts_bytes = frame + payload_at + 1;
        const uint8_t *key = frame + payload_at - 4;
        uint64_t ts = now_ns();
        static const char hex[] = "0123456789abcdef";
        for (int i = 0; i < 16; i++) {
          int pos = 1 + i; /* payload index */
          ts_bytes[i] = (uint8_t)hex[(ts >> (60 - 4 * i)) & 15] ^ key[pos & 3];
        }
        sent++;
        if (send_message(sender, frame, msg_frame_len) < 0) {
          kill_conn(sender, 1);
          break;
        }
      }
    }
    if (uring_on) uring_poll_once(mode == M_BCAST ? 1 : 5);
    else poll_once(mode == M_BCAST ? 1 : 5);
    if (mode != M_HANDSHAKE && opened < nconns && errors > 0 && opened == 0) break;
  }
  stopping = 1;
  double wall = (now_ns() - window_start) / 1e9;
  double cpu = cpu_s() - cpu0;
  report(measuring ? wall : 0, measuring ? cpu : 0);
  return 0;
}
