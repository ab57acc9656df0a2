package io.squall.bench.peers;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelMatchers;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketServerCompressionHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Netty 4.2 on the native epoll transport, one event loop, written as Netty's examples do:
 * {@code WebSocketServerProtocolHandler} for the upgrade and control frames, writes in
 * {@code channelRead} and one flush per read batch ({@code channelReadComplete}),
 * {@link FlushConsolidationHandler} to batch flushes, and a {@link ChannelGroup} (one shared
 * buffer, retained duplicates) for the broadcast.
 *
 * <p>permessage-deflate is accepted when a client offers it: {@link WebSocketServerCompressionHandler}
 * ahead of the protocol handler and a decoder that allows extensions (RSV bits), as Netty's
 * WebSocket server example does, with Netty's defaults (zlib level 6, context takeover kept on
 * both sides unless the client asks otherwise, every message compressed, no size threshold); its
 * argument bounds a message's inflated size, like the example's. Each channel's encoder compresses
 * the shared broadcast buffer for itself. A client that does not offer it gets plain frames, as
 * before.
 *
 * <p>Flushes: plain channels consolidate flushes outside read loops too
 * ({@code consolidateWhenNoReadInProgress}), so a broadcast's flushes to the receivers are batched into
 * one task: 665k deliveries/s on 1,000 receivers against 150k without it. A channel that negotiated
 * permessage-deflate goes back to the handler's default (consolidate only within its own read loop):
 * there each delivery costs a compression (~100 µs), a read of the sender's backlog relays dozens of
 * messages, and flushes deferred to the end of it reached no receiver within a window (0 against ~10k
 * deliveries/s).
 */
public final class NettyPeer {
  private NettyPeer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = PeerArgs.port(args);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    ChannelGroup room = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(PeerArgs.MAX_MESSAGE).allowExtensions(true).build();
    new ServerBootstrap()
        .group(group)
        .channel(EpollServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast(new FlushConsolidationHandler(256, true));
            p.addLast(new HttpServerCodec());
            p.addLast(new HttpObjectAggregator(8192));
            p.addLast(new WebSocketServerCompressionHandler(PeerArgs.MAX_MESSAGE));
            p.addLast(new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/").checkStartsWith(true).decoderConfig(decoder).build()));
            p.addLast(new Router(room));
          }
        })
        .bind("127.0.0.1", port).sync();
    PeerArgs.ready("netty", port);
  }

  /** Picks echo or broadcast from the upgrade request's path. */
  private static final class Router extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final ChannelGroup room;
    private boolean broadcast;

    Router(ChannelGroup room) {
      super(false);
      this.room = room;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
        broadcast = hc.requestUri().startsWith("/broadcast");
        String extensions = hc.requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (extensions != null && extensions.contains("permessage-deflate")) {
          ctx.pipeline().replace(FlushConsolidationHandler.class, "flush", new FlushConsolidationHandler());
        }
        if (broadcast) {
          room.add(ctx.channel());
        }
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
        frame.release(); // continuation frames: no workload fragments its messages
        return;
      }
      if (broadcast) {
        room.writeAndFlush(frame, ChannelMatchers.all(), true); // shares the buffer, no future per member
      } else {
        ctx.write(frame);
      }
    }

    /** A write to a socket the generator has closed fails: close it, as an application would, without a stack trace per failure. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}
