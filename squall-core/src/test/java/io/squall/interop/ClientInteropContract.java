package io.squall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every independent client script must see from a real Squall server: echoes of every frame
 * length class, pongs with the ping's payload, and close codes and reasons both ways. A subclass
 * names its script; the script runs once per class and each test checks its part of the report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClientInteropContract {
  /** Payload lengths on each side of the 7-bit, 16-bit and 64-bit length encodings, and 1 MiB. */
  static final int[] SIZES = {0, 125, 126, 65535, 65536, 1 << 20};

  private InteropServer server;
  ClientScript.Report report;

  abstract ClientScript client();

  /** Whether the server accepts permessage-deflate (the scripts' libraries offer it by default). */
  boolean compressing() {
    return false;
  }

  @BeforeAll
  void runClient() throws Exception {
    server = new InteropServer(compressing());
    List<String> args = new ArrayList<>(List.of(server.baseUrl()));
    sizes().forEach(size -> args.add(Integer.toString(size)));
    report = client().run(args.toArray(String[]::new));
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  static IntStream sizes() {
    return Arrays.stream(SIZES);
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void echoesText(int size) {
    assertEcho("echo-text-" + size, "text", size, Patterns.sha256(Patterns.text(size)));
  }

  @ParameterizedTest
  @MethodSource("sizes")
  void echoesBinary(int size) {
    assertEcho("echo-binary-" + size, "binary", size, Patterns.sha256(Patterns.binary(size)));
  }

  /** The case passed, and the echo the client received was this type, size and content. */
  void assertEcho(String name, String type, int size, String sha256) {
    JsonNode r = report.passed(name);
    assertThat(r.path("type").asText()).as("message type of %s%n%s", name, report.transcript()).isEqualTo(type);
    assertThat(r.path("size").asInt()).as("size of %s%n%s", name, report.transcript()).isEqualTo(size);
    assertThat(r.path("sha256").asText()).as("SHA-256 of %s%n%s", name, report.transcript()).isEqualTo(sha256);
  }

  /** A compressing server's echo sockets all agreed to permessage-deflate; a plain one's none did. */
  @Test
  void everyEchoSocketWasCompressedExactlyWhenTheServerAcceptedCompression() {
    assertThat(server.compressedEchoes() > 0).isEqualTo(compressing());
    assertThat(server.plainEchoes()).isZero();
  }

  @Test
  void pongCarriesThePingPayload() {
    assertThat(report.passed("ping-125").path("payload").asText())
        .isEqualTo(HexFormat.of().formatHex(Patterns.pingPayload()));
    assertThat(report.passed("ping-empty").path("payload").asText()).isEmpty();
  }

  @Test
  void handlerSeesTheClientsCloseCodeAndReason() throws Exception {
    JsonNode r = report.passed("client-close");
    assertThat(server.closes().await("client_bye")).isEqualTo(new PeerClose(4000, "client bye"));
    assertThat(r.path("code").asInt()).as("the server echoes the code%n%s", report.transcript()).isEqualTo(4000);
  }

  @Test
  void clientSeesTheHandlersCloseCodeAndReason() throws Exception {
    JsonNode r = report.passed("server-close");
    assertThat(r.path("code").asInt()).as("close code%n%s", report.transcript()).isEqualTo(4001);
    assertThat(r.path("reason").asText()).as("close reason%n%s", report.transcript()).isEqualTo("bye");
    assertThat(server.closes().await("server_bye").code())
        .as("the client answered the close frame (1006 would mean it did not)").isNotEqualTo(1006);
  }

  @Test
  void everyCasePassesAndTheScriptExitsZero() {
    report.assertAllPassed();
  }
}
