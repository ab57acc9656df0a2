/*
 * c_epoll_echo: the reference floor of ./squall bench's echo workloads. Not a peer and not a
 * framework: the least a WebSocket echo server can do per message on this machine, so the report
 * can show how close each server comes to what the kernel allows (the scale: "a minimal C
 * epoll server reaches about 180k 20-byte echoes/s on one core").
 *
 * One thread, one level-triggered epoll set. Per readable socket: one read into a fixed buffer,
 * every complete frame unmasked straight into the connection's output, one write for them all.
 * It speaks enough of RFC 6455 for the echo workloads: the upgrade (Sec-WebSocket-Accept through
 * OpenSSL's SHA-1), text, binary and continuation frames echoed as they come, ping answered with
 * pong, close answered with close. It trusts its client (no UTF-8 check, no limits beyond 8 MiB
 * per frame): it measures the floor, it is not meant to face the network.
 *
 * Build: gcc -O2 -o c_epoll_echo c_epoll_echo.c -lcrypto      Run: c_epoll_echo PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define RBUF (256 * 1024)
#define MAX_FRAME (8u << 20)

typedef struct {
  int upgraded, want_out, closing;
  uint8_t *in, *out; /* in: the unparsed rest of the input; out: bytes not yet written */
  size_t in_len, in_cap, out_len, out_cap, out_off;
} conn_t;

static int ep;
static uint8_t rbuf[RBUF];

static void die(const char *what) {
  perror(what);
  exit(1);
}

static void reserve(uint8_t **b, size_t *cap, size_t need) {
  if (need <= *cap) return;
  size_t c = *cap ? *cap : 4096;
  while (c < need) c *= 2;
  if (!(*b = realloc(*b, c))) die("realloc");
  *cap = c;
}

static void drop(int fd, conn_t *c) {
  close(fd); /* also removes fd from the epoll set */
  free(c->in);
  free(c->out);
  free(c);
}

static void set_out(int fd, conn_t *c, int want) {
  if (c->want_out == want) return;
  c->want_out = want;
  struct epoll_event ev = {.events = EPOLLIN | (want ? EPOLLOUT : 0)};
  ev.data.u64 = ((uint64_t)(uintptr_t)c & 0xffffffffffffULL) | ((uint64_t)fd << 48);
  epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
}

/* Writes what is pending; returns -1 when the connection is gone. */
static int flush(int fd, conn_t *c) {
  while (c->out_off < c->out_len) {
    ssize_t n = write(fd, c->out + c->out_off, c->out_len - c->out_off);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        set_out(fd, c, 1);
        return 0;
      }
      return -1;
    }
    c->out_off += (size_t)n;
  }
  c->out_off = c->out_len = 0;
  set_out(fd, c, 0);
  return c->closing ? -1 : 0; /* our close frame is out: done */
}

static void emit(conn_t *c, uint8_t b0, const uint8_t *payload, uint64_t len, const uint8_t *mask) {
  reserve(&c->out, &c->out_cap, c->out_len + len + 10);
  uint8_t *o = c->out + c->out_len;
  *o++ = b0;
  if (len < 126) {
    *o++ = (uint8_t)len;
  } else if (len < 65536) {
    *o++ = 126;
    *o++ = (uint8_t)(len >> 8);
    *o++ = (uint8_t)len;
  } else {
    *o++ = 127;
    for (int i = 7; i >= 0; i--) *o++ = (uint8_t)(len >> (8 * i));
  }
  for (uint64_t i = 0; i < len; i++) o[i] = payload[i] ^ mask[i & 3];
  c->out_len = (size_t)(o - c->out) + len;
}

/* Consumes the complete frames at p; returns bytes used, or -1 to close the connection. */
static long frames(conn_t *c, const uint8_t *p, size_t n) {
  size_t used = 0;
  while (n - used >= 2) {
    const uint8_t *f = p + used;
    uint8_t op = f[0] & 0x0f;
    uint64_t len = f[1] & 0x7f;
    size_t hdr = 2;
    if (!(f[1] & 0x80)) return -1; /* a client frame must be masked */
    if (len == 126) {
      if (n - used < 4) break;
      len = (uint64_t)f[2] << 8 | f[3];
      hdr = 4;
    } else if (len == 127) {
      if (n - used < 10) break;
      len = 0;
      for (int i = 0; i < 8; i++) len = len << 8 | f[2 + i];
      hdr = 10;
    }
    if (len > MAX_FRAME) return -1;
    if (n - used < hdr + 4 + len) break;
    const uint8_t *mask = f + hdr, *payload = f + hdr + 4;
    if (op == 8) {
      emit(c, 0x88, payload, len < 2 ? 0 : 2, mask); /* the close code back, no reason */
      c->closing = 1;
      return (long)(used + hdr + 4 + len);
    }
    if (op == 9) {
      emit(c, 0x8a, payload, len, mask);
    } else if (op != 10) {
      emit(c, f[0], payload, len, mask); /* text, binary, continuation: echoed as they came */
    }
    used += hdr + 4 + len;
  }
  return (long)used;
}

static int upgrade(conn_t *c) {
  static const char GUID[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  char *end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
  if (!end) return c->in_len > 16384 ? -1 : 0;
  size_t head = (size_t)(end - (char *)c->in) + 4;
  char key[128] = {0};
  for (char *line = (char *)c->in; line < end;) {
    char *eol = memmem(line, (size_t)(end + 2 - line), "\r\n", 2);
    if (eol - line > 18 && !strncasecmp(line, "Sec-WebSocket-Key:", 18)) {
      char *v = line + 18;
      while (*v == ' ') v++;
      size_t kl = (size_t)(eol - v);
      if (kl > 64) return -1;
      memcpy(key, v, kl);
      strcat(key, GUID);
    }
    line = eol + 2;
  }
  if (!key[0]) return -1;
  uint8_t digest[SHA_DIGEST_LENGTH];
  SHA1((const uint8_t *)key, strlen(key), digest);
  char accept[32];
  EVP_EncodeBlock((uint8_t *)accept, digest, SHA_DIGEST_LENGTH);
  reserve(&c->out, &c->out_cap, c->out_len + 160);
  c->out_len += (size_t)sprintf((char *)c->out + c->out_len,
                                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
  memmove(c->in, c->in + head, c->in_len - head);
  c->in_len -= head;
  c->upgraded = 1;
  return 1;
}

/* One read, every complete frame handled, one write. Returns -1 when the connection is over. */
static int on_readable(int fd, conn_t *c) {
  ssize_t n = read(fd, rbuf, RBUF);
  if (n == 0) return -1;
  if (n < 0) return errno == EAGAIN || errno == EINTR ? 0 : -1;
  if (!c->in_len && c->upgraded) { /* the usual case: frames straight from the read buffer */
    long used = frames(c, rbuf, (size_t)n);
    if (used < 0) return -1;
    if ((size_t)used < (size_t)n) {
      reserve(&c->in, &c->in_cap, (size_t)n - (size_t)used);
      memcpy(c->in, rbuf + used, (size_t)n - (size_t)used);
      c->in_len = (size_t)n - (size_t)used;
    }
  } else {
    reserve(&c->in, &c->in_cap, c->in_len + (size_t)n);
    memcpy(c->in + c->in_len, rbuf, (size_t)n);
    c->in_len += (size_t)n;
    if (!c->upgraded) {
      int r = upgrade(c);
      if (r < 0) return -1;
    }
    if (c->upgraded && c->in_len) {
      long used = frames(c, c->in, c->in_len);
      if (used < 0) return -1;
      memmove(c->in, c->in + used, c->in_len - (size_t)used);
      c->in_len -= (size_t)used;
    }
  }
  if (c->out_len && !c->want_out) return flush(fd, c);
  return c->closing && !c->out_len ? -1 : 0;
}

int main(int argc, char **argv) {
  if (argc != 2 || atoi(argv[1]) <= 0) {
    fprintf(stderr, "usage: c_epoll_echo PORT\n");
    return 2;
  }
  int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
  setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[1]))};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (listen(ls, 4096) < 0) die("listen");
  if ((ep = epoll_create1(0)) < 0) die("epoll_create1");
  struct epoll_event lev = {.events = EPOLLIN, .data.u64 = UINT64_MAX};
  epoll_ctl(ep, EPOLL_CTL_ADD, ls, &lev);
  printf("c_epoll_echo listening on 127.0.0.1:%s\n", argv[1]);
  fflush(stdout);
  struct epoll_event evs[512];
  for (;;) {
    int k = epoll_wait(ep, evs, 512, -1);
    if (k < 0 && errno != EINTR) die("epoll_wait");
    for (int i = 0; i < k; i++) {
      if (evs[i].data.u64 == UINT64_MAX) {
        int fd;
        while ((fd = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          conn_t *c = calloc(1, sizeof *c);
          if (!c) die("calloc");
          struct epoll_event ev = {.events = EPOLLIN};
          ev.data.u64 = ((uint64_t)(uintptr_t)c & 0xffffffffffffULL) | ((uint64_t)fd << 48);
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        }
        continue;
      }
      int fd = (int)(evs[i].data.u64 >> 48);
      conn_t *c = (conn_t *)(uintptr_t)(evs[i].data.u64 & 0xffffffffffffULL);
      int gone = 0;
      if (evs[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) gone = flush(fd, c) < 0;
      if (!gone && (evs[i].events & EPOLLIN)) gone = on_readable(fd, c) < 0;
      if (gone) drop(fd, c);
    }
  }
}
