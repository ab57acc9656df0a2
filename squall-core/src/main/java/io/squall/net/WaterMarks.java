package io.squall.net;

/**
 * The outbound byte counts at which a connection stops being writable ({@code high}) and becomes
 * writable again ({@code low}).
 */
record WaterMarks(long low, long high) {
  static final WaterMarks DEFAULT = new WaterMarks(1 << 18, 1 << 20);

  /** The pair asked for last; a server asks every connection for the same one. */
  private static volatile WaterMarks last = DEFAULT;

  /** Marks equal to the ones asked for last share that instance: no object per connection. */
  static WaterMarks of(long low, long high) {
    WaterMarks l = last;
    if (l.low == low && l.high == high) {
      return l;
    }
    WaterMarks made = new WaterMarks(low, high);
    last = made;
    return made;
  }
}
