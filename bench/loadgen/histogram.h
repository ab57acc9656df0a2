/* Part of loadgen.c (one translation unit: it includes its parts once, in order, after its
   types and state). Latency histogram: 64 log-linear sub-buckets per power of two (1.6 % resolution). */

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
