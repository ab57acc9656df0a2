package io.squall.net;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The file a Unix-domain listening socket lives at (Tornado's {@code bind_unix_socket}): what to
 * do with a file already there before binding, the permissions after, and its removal once the
 * server stops listening, as nginx does.
 *
 * <p>A socket file left by a process that died is removed; one a live server still accepts on is
 * refused ("already in use"), where Tornado removes it and takes the name from under that server;
 * a file that is not a socket is never touched.
 */
public final class UnixSocketFile {
  /**
   * Owner and group may connect: nginx usually runs as another user, who then needs only the
   * socket's group (Tornado's default, 0600, would lock it out).
   */
  public static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = PosixFilePermissions.fromString("rw-rw----");
  private static final int FILE_TYPE_MASK = 0170000;
  private static final int SOCKET_TYPE = 0140000;

  private UnixSocketFile() {}

  /** Makes {@code path} free to bind: removes a stale socket there, or throws saying why it cannot. */
  static void clear(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException e) {
      return;
    }
    if (!isSocket(path, attributes)) {
      throw new IOException(path + " exists and is not a socket");
    }
    if (accepts(path)) {
      throw new IOException(path + " is already in use by a live server");
    }
    Files.deleteIfExists(path);
  }

  /** Sets the permissions of the socket file just bound. */
  static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
    Files.setPosixFilePermissions(path, permissions);
  }

  /** Removes the socket file of a server that stopped listening; a file put there since is left alone. */
  static void remove(Path path) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (isSocket(path, attributes)) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // gone already, or not ours to remove
    }
  }

  private static boolean isSocket(Path path, BasicFileAttributes attributes) {
    try {
      return ((Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & FILE_TYPE_MASK) == SOCKET_TYPE;
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return attributes.isOther(); // no "unix" view: a socket is neither file, directory nor link
    }
  }

  /** Whether a server accepts connections on the socket at {@code path} now. */
  private static boolean accepts(Path path) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false; // ECONNREFUSED: nobody listens, the file is stale
    }
  }
}
