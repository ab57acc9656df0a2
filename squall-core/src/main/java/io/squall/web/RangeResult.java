package io.squall.web;

/**
 * What a {@code Range} request header asks of a representation of known size (RFC 9110 §14), as
 * decided by {@link StaticFiles#parseRange}:
 *
 * <pre>
 * switch (StaticFiles.parseRange(request.header("Range"), size)) {
 *   case RangeResult.Full full -&gt; 200 with the whole body
 *   case RangeResult.Partial(long start, long end) -&gt; 206, Content-Range: bytes start-end/size
 *   case RangeResult.Unsatisfiable u -&gt; 416, Content-Range: bytes *&#47;size
 * }
 * </pre>
 *
 * <p>Thread rule: immutable values.
 */
public sealed interface RangeResult {
  /** No usable range (absent, malformed, or several ranges): send the whole representation. */
  record Full() implements RangeResult {}

  /**
   * One satisfiable range: bytes {@code start} to {@code end}, both inclusive as in
   * {@code Content-Range}, with {@code 0 <= start <= end < size}.
   */
  record Partial(long start, long end) implements RangeResult {
    public Partial {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("Invalid byte range " + start + "-" + end + ".");
      }
    }

    /** Number of bytes in the range. */
    public long length() {
      return end - start + 1;
    }
  }

  /** The range starts at or past the end of the representation: answer 416. */
  record Unsatisfiable() implements RangeResult {}
}
