package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One broadcast line, {@code [yyyy-MM-dd HH:mm:ss] <ip> : <message>}, parsed strictly. */
record ChatLine(LocalDateTime time, String ip, String message) {
  /** The exact format: no trailing space, one space either side of the colon, text kept as sent. */
  static final Pattern FORMAT = Pattern.compile("\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})] (\\S+) : (.*)", Pattern.DOTALL);

  static ChatLine parse(String line) {
    Matcher m = FORMAT.matcher(line);
    assertThat(m.matches()).as("'%s' has the format [yyyy-MM-dd HH:mm:ss] ip : message", line).isTrue();
    return new ChatLine(LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")), m.group(2), m.group(3));
  }
}
