package io.squall.web;

import io.squall.http.internal.HttpChars;
import io.squall.web.RedirectTemplate.Hole;
import io.squall.web.RedirectTemplate.Part;
import io.squall.web.RedirectTemplate.Piece;
import io.squall.web.RedirectTemplate.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link RedirectTemplate} once, left to right, into text and holes, each hole knowing the
 * part of the URL (path, query, fragment) it stands in; then finds the template's own scheme and
 * host, and refuses a hole inside either. The syntax is the part of Python's {@code str.format}
 * a Tornado redirect uses; the rest of it ({@code {0!r}}, {@code {0:>4}}, {@code {0[1]}}) is refused.
 *
 * <p>Thread rule: one use, by one thread.
 */
final class RedirectTemplateParser {
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,9}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*"); // a Java group name

  private final String url;
  private final List<Piece> pieces = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private Part part = Part.PATH;
  private int nextAuto;
  private boolean numbered;
  private boolean auto;

  RedirectTemplateParser(String url) {
    this.url = url;
  }

  RedirectTemplate template() {
    if (url.isEmpty()) {
      throw new Invalid("the URL is empty");
    }
    for (int i = 0; i < url.length(); ) {
      char c = url.charAt(i);
      boolean doubled = i + 1 < url.length() && url.charAt(i + 1) == c;
      if (c < 0x20 || c == 0x7f) {
        throw new Invalid("control character " + HttpChars.hex(c) + " at " + i);
      } else if ((c == '{' || c == '}') && doubled) {
        text.append(c);
        i += 2;
      } else if (c == '}') {
        throw new Invalid("single '}' at " + i);
      } else if (c == '{') {
        int close = url.indexOf('}', i);
        if (close < 0) {
          throw new Invalid("'{' at " + i + " is not closed");
        }
        flushText();
        pieces.add(hole(url.substring(i, close + 1), i));
        i = close + 1;
      } else {
        text.append(c);
        part = c == '#' ? Part.FRAGMENT : c == '?' && part == Part.PATH ? Part.QUERY : part;
        i++;
      }
    }
    flushText();
    return shape();
  }

  private void flushText() {
    if (!text.isEmpty()) {
      pieces.add(new Text(text.toString()));
      text.setLength(0);
    }
  }

  private Hole hole(String spelled, int at) {
    String field = spelled.substring(1, spelled.length() - 1);
    if (field.isEmpty() || NUMBER.matcher(field).matches()) {
      boolean isAuto = field.isEmpty();
      if (isAuto ? numbered : auto) {
        throw new Invalid("'" + spelled + "' at " + at + " mixes {} and numbered holes; number all of them or none");
      }
      auto |= isAuto;
      numbered |= !isAuto;
      return new Hole(isAuto ? nextAuto++ : Integer.parseInt(field), null, part, spelled);
    }
    if (NAME.matcher(field).matches()) {
      return new Hole(-1, field, part, spelled);
    }
    throw new Invalid("'" + spelled + "' at " + at + " is not {n}, {name} or {}");
  }

  /** Finds the template's own scheme and host, and refuses a hole inside either. */
  private RedirectTemplate shape() {
    String prefix = !pieces.isEmpty() && pieces.get(0) instanceof Text t ? t.text() : "";
    Hole first = null;
    for (Piece piece : pieces) {
      if (piece instanceof Hole h) {
        first = h;
        break;
      }
    }
    Matcher scheme = SCHEME.matcher(prefix);
    int schemeEnd = scheme.lookingAt() ? scheme.end() : 0;
    if (schemeEnd == 0 && first != null && colonAfterHoleInFirstSegment()) {
      throw new Invalid(first.spelled() + " is in the scheme; an argument cannot choose it");
    }
    if (!prefix.startsWith("//", schemeEnd)) {
      return new RedirectTemplate(url, List.copyOf(pieces), schemeEnd, schemeEnd > 0, false, null);
    }
    int hostEnd = schemeEnd + 2;
    while (hostEnd < prefix.length() && "/?#".indexOf(prefix.charAt(hostEnd)) < 0) {
      hostEnd++;
    }
    if (hostEnd == prefix.length() && first != null) {
      throw new Invalid(first.spelled() + " is in the host; an argument cannot choose it");
    }
    return new RedirectTemplate(url, List.copyOf(pieces), hostEnd, schemeEnd > 0, true, null);
  }

  /** Whether the template's own text has a ':' after a hole and before the first '/', '?' or '#': {@code {0}://host/}. */
  private boolean colonAfterHoleInFirstSegment() {
    boolean afterHole = false;
    for (Piece piece : pieces) {
      if (piece instanceof Hole) {
        afterHole = true;
        continue;
      }
      for (char c : ((Text) piece).text().toCharArray()) {
        if ("/?#".indexOf(c) >= 0) {
          return false;
        }
        if (c == ':' && afterHole) {
          return true;
        }
      }
    }
    return false;
  }

  /** Why a template is invalid; control flow between here and {@link RedirectTemplate#parse} only, so no stack trace. */
  static final class Invalid extends RuntimeException {
    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }
}
