/* Part of loadgen.c (one translation unit: it includes its parts once, in order, after its
   types and state). Reading: the frame parser and what each whole frame means in each mode. */

/* Output of inflate: only the first PFX bytes of a message are kept (in c->pfx). */
static uint8_t inflated[64 * 1024];

/* Inflates n bytes of c's compressed message, keeping the first PFX bytes it yields in c->pfx;
   returns -1 when they are not deflate. The window stays from message to message (RFC 7692 §7.2.2:
   the server may keep its context). */
static int inflate_some(conn_t *c, const uint8_t *p, size_t n) {
  z_stream *z = c->inflater;
  if (!z) {
    z = c->inflater = calloc(1, sizeof *z);
    if (!z || inflateInit2(z, -15) != Z_OK) die("inflateInit2");
  }
  z->next_in = (Bytef *)p;
  z->avail_in = (uInt)n;
  for (int rounds = 0; rounds < 1 << 20; rounds++) {
    z->next_out = inflated;
    z->avail_out = sizeof inflated;
    int r = inflate(z, Z_SYNC_FLUSH);
    size_t got = sizeof inflated - z->avail_out;
    if (c->pfx_got < PFX && got) {
      size_t k = PFX - c->pfx_got < got ? PFX - c->pfx_got : got;
      memcpy(c->pfx + c->pfx_got, inflated, k);
      c->pfx_got = (uint8_t)(c->pfx_got + k);
    }
    if (r == Z_STREAM_END) inflateReset(z); /* BFINAL: the next message starts a new stream */
    else if (r == Z_BUF_ERROR) break;       /* needs more input */
    else if (r != Z_OK) return -1;
    if (z->avail_in == 0 && z->avail_out != 0) break;
  }
  return 0;
}

/*
 * A whole control frame, or the final frame of a data message, arrived on c: len is the frame's
 * payload, or the message's over all its fragments. c->pfx holds the first PFX payload bytes of the
 * message (inflated if compressed) or of the control frame.
 */
static void on_frame(conn_t *c, uint64_t t, uint64_t len) {
  switch (c->opcode) {
    case 0: /* the last fragment of a message (RFC 6455 §5.4): counted as the whole message */
    case 1:
    case 2:
      if (mode == M_ECHO) {
        if (measuring) {
          hadd(t - c->sent_ns);
          count++;
          c->window_count++;
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
          c->window_count++;
          bytes += len;
          if (c->frame_deflated) compressed++;
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
        c->fin = (c->hbuf[0] & 0x80) != 0;
        if (c->opcode == 1 || c->opcode == 2) c->msg_deflated = (c->hbuf[0] & 0x40) != 0;
        c->frame_deflated = c->opcode <= 2 && c->msg_deflated;
        c->remaining = len;
        c->flen = len;
        if (c->opcode != 0) c->pfx_got = 0; /* a continuation adds to its message's prefix */
        c->hgot = 0;
        c->hneed = 0;
        c->in_payload = 1;
      } else {
        continue;
      }
    } else {
      size_t take = n < c->remaining ? n : (size_t)c->remaining;
      if (c->frame_deflated) {
        if (inflate_some(c, p, take) < 0) {
          kill_conn(c, 1);
          return -1;
        }
      } else if (c->pfx_got < PFX) {
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
      static const uint8_t tail[4] = {0, 0, 0xff, 0xff}; /* RFC 7692 §7.2.2: what the sender removed */
      if (c->frame_deflated && c->fin && inflate_some(c, tail, sizeof tail) < 0) {
        kill_conn(c, 1);
        return -1;
      }
      if (c->opcode <= 2) { /* data: a message is whole at its final frame, however many it took */
        c->msg_len = (c->opcode == 0 ? c->msg_len : 0) + c->flen;
        if (!c->fin) continue;
        on_frame(c, t, c->msg_len);
      } else {
        on_frame(c, t, c->flen);
      }
      if (c->gen != gen || c->fd < 0) return -1;
    }
  }
  return 0;
}
