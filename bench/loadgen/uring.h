/* Part of loadgen.c (one translation unit: it includes its parts once, in order, after its
   types and state). The measured loop of echo and broadcast on io_uring.
 *
 * Why: on a virtual machine a system call costs a good part of a small echo's CPU (the guest
 * kernel's entry and exit), and a generator on epoll pays one read and one write per message,
 * as much as the server it drives, so it could not show it out-ran the fastest servers. Here
 * every connection keeps one multishot receive armed (IORING_RECV_MULTISHOT: the socket stays
 * polled, each arrival is one completion, its bytes in a buffer taken from a registered ring of
 * provided buffers), the echo sends are queued as submissions, and one io_uring_enter per loop
 * submits them all and waits for the next completions. The kernel's TCP work per message stays
 * what it was; the entries and exits per message go.
 *
 * Echo also waits for a batch of completions (--batch, by default an eighth of the connections
 * and at most 32, or --batch-wait-us, 200 by default, whichever comes first) rather than waking
 * at each echo. A generator faster than its server otherwise sleeps and is woken once per echo,
 * and those wake-ups (a cross-core interrupt and a reschedule each, dear on a virtual machine)
 * were most of what it spent. The server keeps all but a batch of the connections' messages to
 * work on, and a round trip as measured includes the wait. --batch 1 answers each echo as soon
 * as it arrives.
 *
 * Connections are opened (and upgraded) on epoll as before; the switch happens just before the
 * warm-up, when the epoll set is closed so that no socket is watched twice. The ring is set up
 * with SINGLE_ISSUER and DEFER_TASKRUN (completions are run when this thread asks for them, not
 * by interrupting it), or plainly on a kernel without them. A kernel or sandbox without io_uring
 * keeps the run on epoll; the result says which engine ran ("engine").
 */

#define BGID 1
#define UD_SEND (1ull << 63)
#define UD_CANCEL (1ull << 62)
#define UD_GEN_MASK 0x7fffffffu

static struct io_uring ring;
static struct io_uring_buf_ring *buf_ring;
static uint8_t *buf_mem;
static unsigned buf_count, buf_size, buf_returned;

static uint64_t uring_data(const conn_t *c, uint64_t kind) {
  return kind | ((uint64_t)(c->gen & UD_GEN_MASK) << 32) | (uint64_t)(c - conns);
}

static struct io_uring_sqe *uring_sqe(void) {
  struct io_uring_sqe *sqe = io_uring_get_sqe(&ring);
  if (!sqe) { /* the submission queue is full: hand it to the kernel and take a fresh entry */
    io_uring_submit(&ring);
    sqe = io_uring_get_sqe(&ring);
    if (!sqe) die("io_uring_get_sqe");
  }
  return sqe;
}

static void uring_arm_recv(conn_t *c) {
  struct io_uring_sqe *sqe = uring_sqe();
  io_uring_prep_recv_multishot(sqe, c->fd, NULL, 0, 0);
  sqe->flags |= IOSQE_BUFFER_SELECT;
  sqe->buf_group = BGID;
  io_uring_sqe_set_data64(sqe, uring_data(c, 0));
}

/* Queues a send of what c has pending (c->tx, c->tx_len); its completion clears or advances it. */
static void uring_send(conn_t *c) {
  struct io_uring_sqe *sqe = uring_sqe();
  io_uring_prep_send(sqe, c->fd, c->tx, c->tx_len, MSG_WAITALL);
  io_uring_sqe_set_data64(sqe, uring_data(c, UD_SEND));
  if (mode == M_ECHO) { /* whole or failed (MSG_WAITALL), and the closed loop sends one at a time */
    sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
    c->tx_len = 0;
  }
}

/* Cancels what is pending on c's socket (its multishot receive, a send), so closing it really closes it. */
static void uring_cancel(conn_t *c) {
  struct io_uring_sqe *sqe = uring_sqe();
  io_uring_prep_cancel_fd(sqe, c->fd, IORING_ASYNC_CANCEL_ALL);
  io_uring_sqe_set_data64(sqe, UD_CANCEL);
  io_uring_submit(&ring); /* now, while the descriptor still names the socket (rare: errors only) */
}

static unsigned pow2_at_least(unsigned n) {
  unsigned p = 1;
  while (p < n) p <<= 1;
  return p;
}

/* Sets up the ring and its provided buffers; 0 when io_uring is not available here. */
static int uring_setup(void) {
  unsigned entries = pow2_at_least((unsigned)nconns * 2 < 4096 ? (unsigned)nconns * 2 : 4096);
  if (entries < 64) entries = 64;
  struct io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_CQSIZE;
  p.cq_entries = entries * 4;
  int r = io_uring_queue_init_params(entries, &ring, &p);
  if (r == -EINVAL) { /* a kernel before 6.1: no deferred task running */
    memset(&p, 0, sizeof p);
    p.flags = IORING_SETUP_CQSIZE;
    p.cq_entries = entries * 4;
    r = io_uring_queue_init_params(entries, &ring, &p);
  }
  if (r < 0) return 0;
  /* One buffer per connection that may have bytes waiting at once, twice over; large messages
     get larger buffers (a completion carries at most one buffer's worth). */
  buf_count = pow2_at_least((unsigned)nconns * 2);
  if (buf_count < 64) buf_count = 64;
  if (buf_count > 32768) buf_count = 32768;
  buf_size = msg_size > 1024 ? 64 * 1024 : 2048;
  buf_ring = mmap(NULL, buf_count * sizeof(struct io_uring_buf), PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  buf_mem = mmap(NULL, (size_t)buf_count * buf_size, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
  if (buf_ring == MAP_FAILED || buf_mem == MAP_FAILED) die("mmap");
  struct io_uring_buf_reg reg;
  memset(&reg, 0, sizeof reg);
  reg.ring_addr = (unsigned long)buf_ring;
  reg.ring_entries = buf_count;
  reg.bgid = BGID;
  if (io_uring_register_buf_ring(&ring, &reg, 0) < 0) { /* a kernel before 5.19 */
    io_uring_queue_exit(&ring);
    return 0;
  }
  io_uring_buf_ring_init(buf_ring);
  int mask = io_uring_buf_ring_mask(buf_count);
  for (unsigned i = 0; i < buf_count; i++) io_uring_buf_ring_add(buf_ring, buf_mem + (size_t)i * buf_size, buf_size, (unsigned short)i, mask, (int)i);
  io_uring_buf_ring_advance(buf_ring, (int)buf_count);
  return 1;
}

/* Moves the open connections from epoll to io_uring; 0 (and nothing changed) when io_uring is not
   available, and the run goes on with epoll. */
static int uring_start(void) {
  if (!uring_setup()) return 0;
  close(ep); /* closing the set drops every registration: nothing watches a socket twice */
  ep = -1;
  uring_on = 1;
  for (int i = 0; i < nconns; i++)
    if (conns[i].fd >= 0 && conns[i].state == S_OPEN) uring_arm_recv(&conns[i]);
  return 1;
}

static void uring_give_back(unsigned bid) {
  io_uring_buf_ring_add(buf_ring, buf_mem + (size_t)bid * buf_size, buf_size, (unsigned short)bid,
                        io_uring_buf_ring_mask(buf_count), (int)buf_returned++);
}

static void uring_completion(const struct io_uring_cqe *cqe, uint64_t t) {
  uint64_t d = io_uring_cqe_get_data64(cqe);
  if (d == UD_CANCEL) return;
  conn_t *c = &conns[(uint32_t)d];
  int live = c->fd >= 0 && (c->gen & UD_GEN_MASK) == (uint32_t)((d >> 32) & UD_GEN_MASK);
  int res = cqe->res;
  if (d & UD_SEND) {
    if (!live) return;
    if (res < 0) {
      kill_conn(c, 1);
    } else {
      c->tx += res;
      c->tx_len -= (size_t)res;
      if (c->tx_len) uring_send(c); /* short (the peer stopped reading for a while): the rest */
    }
    return;
  }
  if (cqe->flags & IORING_CQE_F_BUFFER) {
    unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
    if (live && res > 0) parse(c, buf_mem + (size_t)bid * buf_size, (size_t)res, t);
    uring_give_back(bid);
  }
  if (!live || c->fd < 0) return;
  if (res == 0) {
    unexpected_close++;
    kill_conn(c, 1);
  } else if (res < 0 && res != -ENOBUFS) {
    kill_conn(c, 1);
  } else if (!(cqe->flags & IORING_CQE_F_MORE)) {
    uring_arm_recv(c); /* the receive ended (out of buffers, or the kernel's limit per wake): again */
  }
}

/*
 * Submits what is queued and waits for completions, then handles them all. Echo waits for a batch:
 * `batch` completions or `batch_wait_us`, whichever comes first (the kernel wakes this thread once
 * the batch is there, not at every echo). Otherwise it waits for one, up to timeout_ms.
 */
static void uring_poll_once(int timeout_ms) {
  struct __kernel_timespec ts = {.tv_sec = 0, .tv_nsec = (long long)timeout_ms * 1000000};
  unsigned want = 1;
  if (mode == M_ECHO && batch > 1) {
    want = (unsigned)batch;
    ts.tv_nsec = (long long)batch_wait_us * 1000;
  }
  struct io_uring_cqe *cqe;
  int r = io_uring_submit_and_wait_timeout(&ring, &cqe, want, &ts, NULL);
  if (r < 0 && r != -ETIME && r != -EINTR && r != -EAGAIN && r != -EBUSY) {
    errno = -r;
    die("io_uring_submit_and_wait_timeout");
  }
  uint64_t t = now_ns();
  unsigned head, seen = 0;
  buf_returned = 0;
  io_uring_for_each_cqe(&ring, head, cqe) {
    uring_completion(cqe, t);
    seen++;
  }
  io_uring_buf_ring_advance(buf_ring, (int)buf_returned);
  io_uring_cq_advance(&ring, seen);
}
