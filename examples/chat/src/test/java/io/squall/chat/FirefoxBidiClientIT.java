package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.squall.web.Application;
import io.squall.web.RequestHandler;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Squall's WebSocket client against an independent server: Firefox's own WebDriver BiDi endpoint.
 * A full-page screenshot of incompressible pixels arrives as one message of several megabytes,
 * and commands written from many threads at once each get their answer.
 */
class FirefoxBidiClientIT {
  static final int WIDTH = 1000;
  static final int HEIGHT = 2400;

  /** A page of random pixels: a PNG of it cannot shrink much. */
  public static class NoisePage extends RequestHandler {
    @Override
    public void get() {
      finish("""
          <!doctype html><style>body { margin: 0 } canvas { display: block }</style>
          <canvas id="c" width="%d" height="%d"></canvas>
          <script>
            const c = document.getElementById('c').getContext('2d');
            const img = c.createImageData(%d, %d);
            for (let i = 0; i < img.data.length; i += 4) {
              img.data[i] = Math.random() * 256; img.data[i + 1] = Math.random() * 256;
              img.data[i + 2] = Math.random() * 256; img.data[i + 3] = 255;
            }
            c.putImageData(img, 0, 0);
            document.body.dataset.ready = 'yes';
          </script>
          """.formatted(WIDTH, HEIGHT, WIDTH, HEIGHT));
    }
  }

  static Application app;

  @BeforeAll
  static void start() {
    app = Application.builder().route("/noise", NoisePage.class).build().listen("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void aFullPageScreenshotOfSeveralMegabytesArrivesAsOneMessageIntact() throws Exception {
    try (Firefox firefox = Firefox.start(false)) {
      firefox.open("http://127.0.0.1:" + app.port() + "/noise");
      firefox.await("the noise drawn", () -> "yes".equals(firefox.js("return document.body.dataset.ready")));
      ObjectNode params = firefox.bidi().params().put("context", firefox.currentWindow()).put("origin", "document");

      String png = firefox.bidi().send("browsingContext.captureScreenshot", params, Duration.ofSeconds(60)).path("data").asText();

      byte[] bytes = Base64.getDecoder().decode(png);
      assertThat(png.length()).as("base64 characters in one message").isGreaterThan(4 << 20);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      assertThat(image).as("a PNG that decodes").isNotNull();
      assertThat(image.getWidth()).isEqualTo(WIDTH);
      assertThat(image.getHeight()).isEqualTo(HEIGHT);
      Set<Integer> colours = new HashSet<>();
      for (int x = 0; x < WIDTH; x += 7) {
        colours.add(image.getRGB(x, HEIGHT - 1)); // the last row: the message's end made it too
      }
      assertThat(colours).as("noise, not a blank end").hasSizeGreaterThan(100);
    }
  }

  @Test
  void commandsWrittenFromManyThreadsAtOnceEachGetTheirOwnAnswer() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try (Firefox firefox = Firefox.start(false)) {
      firefox.open("http://127.0.0.1:" + app.port() + "/noise");
      List<Future<Object>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        long n = i;
        answers.add(threads.submit(() -> firefox.js("return 'answer ' + arguments[0] * 3;", n)));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("answer " + i * 3);
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
