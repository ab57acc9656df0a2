package io.squall.bench.peers;

import io.squall.bench.Gcc;
import java.nio.file.Path;

/** The reference floor (bench/peers/c_epoll_echo.c), built with gcc as ./squall bench builds it. */
class CEpollFloorIT extends FloorEchoContract {
  @Override
  Process start(int port) throws Exception {
    Path bin = Gcc.build("peers/c_epoll_echo.c", "-lcrypto");
    return new ProcessBuilder(bin.toString(), Integer.toString(port)).redirectErrorStream(true).start();
  }
}
