package io.squall.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the chat tests find the module's files and put their artifacts, and free loopback ports. */
final class TestPaths {
  private TestPaths() {}

  /** The bundled web root ({@code examples/chat/web}). */
  static Path webRoot() {
    return Path.of(System.getProperty("chat.web.root", "web")).toAbsolutePath().normalize();
  }

  /** The module folder ({@code examples/chat}). */
  static Path module() {
    return webRoot().getParent();
  }

  /** {@code target/chat-it}: logs, screenshots, generated configs. */
  static Path artifacts() {
    Path p = Path.of(System.getProperty("chat.artifacts", "target/chat-it")).toAbsolutePath();
    try {
      return Files.createDirectories(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh folder under {@link #artifacts()}. */
  static Path newFolder(String prefix) {
    try {
      return Files.createTempDirectory(artifacts(), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A TCP port free on 127.0.0.1 right now, for programs that cannot be told to pick one. */
  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
