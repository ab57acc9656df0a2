package io.squall.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.squall.examples.EchoSocket;
import io.squall.web.Application;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python {@code websockets}' {@code unix_connect}, an independent client, against Squall on a Unix-domain socket. */
class PythonWebsocketsUnixSocketIT {
  @TempDir
  Path dir;

  @Test
  void echoesTextAndBinaryAndClosesNormallyOverAUnixSocket() throws Exception {
    Path socket = dir.resolve("echo.sock");
    Application app = Application.builder().route("/echo", EchoSocket::new).build().listenUnix(socket);
    try {
      ClientScript.Report report = ClientScript.python("websockets_unix.py", "websockets", "python3-websockets")
          .run(socket.toString());
      report.assertAllPassed();
      assertThat(report.passed("unix-echo-binary").path("length").asInt()).isEqualTo(1024);
      assertThat(report.passed("unix-echo-text").path("type").asText()).isEqualTo("str");
      assertThat(report.passed("unix-close").path("code").asInt()).isEqualTo(1000);
    } finally {
      app.stop();
    }
  }
}
