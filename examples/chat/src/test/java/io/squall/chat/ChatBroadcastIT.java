package io.squall.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** (a) Python websockets and JDK clients chat: every line reaches everyone once, in one order, in the article's format. */
class ChatBroadcastIT {
  static final Pattern LINE = Pattern.compile("\\[(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})] 127\\.0\\.0\\.1 : (.*)");
  static final int PER_CLIENT = 20;

  /** A JDK java.net.http WebSocket that keeps every text message. */
  static final class JdkParticipant implements WebSocket.Listener {
    final List<String> received = new CopyOnWriteArrayList<>();
    final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  @Test
  void everyMessageReachesEveryClientOnceInTheSameOrderAndFormat() throws Exception {
    Path script = Path.of(getClass().getResource("/chat/chat_client.py").toURI());
    int clients = 4;
    int total = clients * PER_CLIENT;
    try (ChatFixture chat = new ChatFixture(List.of())) {
      List<Process> pythons = new ArrayList<>();
      for (String name : List.of("py1", "py2")) {
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), chat.ws("/message"), name,
            String.valueOf(PER_CLIENT), String.valueOf(total)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        pythons.add(p);
      }
      List<BufferedReader> outs = new ArrayList<>();
      for (Process p : pythons) {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).as("python client (python3-websockets installed?)").isEqualTo("connected");
        outs.add(r);
      }
      HttpClient http = HttpClient.newHttpClient();
      List<JdkParticipant> jdk = List.of(new JdkParticipant(), new JdkParticipant());
      List<WebSocket> sockets = new ArrayList<>();
      for (JdkParticipant j : jdk) {
        sockets.add(http.newWebSocketBuilder().buildAsync(URI.create(chat.ws("/message")), j).get(10, TimeUnit.SECONDS));
      }
      chat.awaitConnected(clients);
      for (Process p : pythons) {
        Writer w = p.outputWriter();
        w.write("go\n");
        w.flush();
      }
      for (int i = 0; i < PER_CLIENT; i++) {
        for (int k = 0; k < sockets.size(); k++) {
          sockets.get(k).sendText("jdk" + (k + 1) + "-" + i, true).get(10, TimeUnit.SECONDS);
        }
      }
      List<List<String>> seen = new ArrayList<>();
      for (BufferedReader r : outs) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < total; i++) {
          String json = r.readLine();
          assertThat(json).as("python client line " + i).isNotNull();
          lines.add(new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String.class));
        }
        seen.add(lines);
      }
      for (JdkParticipant j : jdk) {
        for (int i = 0; i < 1000 && j.received.size() < total; i++) {
          Thread.sleep(10);
        }
        seen.add(new ArrayList<>(j.received));
      }
      for (List<String> lines : seen) {
        assertThat(lines).hasSize(total).containsExactlyElementsOf(seen.get(0));
      }
      List<String> bodies = new ArrayList<>();
      for (String line : seen.get(0)) {
        Matcher m = LINE.matcher(line);
        assertThat(m.matches()).as("format of '" + line + "'").isTrue();
        bodies.add(m.group(2));
      }
      List<String> expected = new ArrayList<>();
      for (String name : List.of("py1", "py2", "jdk1", "jdk2")) {
        for (int i = 0; i < PER_CLIENT; i++) {
          expected.add(name + "-" + i);
        }
      }
      assertThat(bodies).containsExactlyInAnyOrderElementsOf(expected);
      for (Process p : pythons) {
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      }
      for (WebSocket s : sockets) {
        s.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
      }
      chat.awaitConnected(0);
    }
  }

  @Test
  void servesThePagesTheStaticFilesAndTheHealthCheck() throws Exception {
    try (ChatFixture chat = new ChatFixture(List.of())) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("/", "/index", "/vue")) {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(chat.http(path))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(path).isEqualTo(200);
        assertThat(page.body()).contains("<title>Squall chat").doesNotContain("http://", "https://");
      }
      HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(chat.http("/static/chat.js"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(js.statusCode()).isEqualTo(200);
      assertThat(js.body()).contains("textContent");
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(chat.http("/healthz"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    }
  }

  @Test
  void aMessageOverTheCapClosesWith1009() throws Exception {
    try (ChatFixture chat = new ChatFixture(List.of())) {
      CompletableFuture<Integer> code = new CompletableFuture<>();
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(chat.ws("/message")),
          new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
              code.complete(statusCode);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      ws.sendText("x".repeat((int) ChatOptions.DEFAULT_MAX_MESSAGE_SIZE + 1), true);
      assertThat(code.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }
  }
}
