package org.gkm.bench.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.gkm.gcks.net.Frame;
import org.gkm.gcks.net.FrameCodec;
import org.gkm.gcks.net.FrameException;
import org.gkm.gcks.net.FrameHandler;
import org.gkm.gcks.net.FrameServer;
import org.gkm.gcks.net.FrameType;
import org.gkm.gcks.net.MemberConnection;
import org.gkm.gcks.net.ServerConfig;
import org.gkm.gcks.net.Session;

/**
 * The measurement behind the GCKS's network stack ({@code docs/gcks.md}, "Transport"): echo round
 * trips and broadcast fan-out over loopback, the server in a child JVM, the same blocking clients
 * (gkm's {@link MemberConnection}, one virtual thread each) in this one, against:
 * <ul>
 *   <li>{@code gcks}: gkm's {@link FrameServer} (virtual threads, blocking sockets, as built);
 *   <li>{@code vt}: a minimal server of the same shape (reader and writer virtual thread per
 *       connection, bounded queue), without the deadlines and bounds;
 *   <li>{@code netty-nio}, {@code netty-epoll}: Netty 4.2, length-field decoder, one event loop per core.
 * </ul>
 * All speak gkm's frame format: a resync request is echoed as a resync reply; a rekey
 * acknowledgement makes the server broadcast its payload as a rekey frame to every other client.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar org.gkm.bench.net.TransportStackComparison
 * [clients] [seconds] [stack...]}. Prints per stack: echo round trips per second, latency
 * percentiles and the server's CPU time per round trip; per 1 KiB broadcast to every client, the time
 * until the last client has it (p50, p99 over 200 rounds) and the server's CPU time per broadcast.
 */
public final class TransportStackComparison {
    private static final int ECHO = FrameType.RESYNC_REQUEST.code();
    private static final int ECHO_REPLY = FrameType.RESYNC_REPLY.code();
    private static final int BROADCAST_REQUEST = FrameType.REKEY_ACK.code();
    private static final int BROADCAST = FrameType.REKEY.code();
    private static final int ROUNDS = 200;
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TransportStackComparison() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("server")) {
            serve(args[1]);
            return;
        }
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> stacks = args.length > 2 ? Arrays.asList(args).subList(2, args.length)
                : List.of("gcks", "vt", "netty-nio", "netty-epoll");
        System.out.printf("clients=%d seconds=%d cpus=%d java=%s%n", clients, seconds,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        for (String stack : stacks) {
            System.out.printf("%-12s %s%n", stack, runAgainst(stack, clients, seconds));
        }
    }

    // ---------------------------------------------------------------- driver

    private static String runAgainst(String stack, int clients, int seconds) throws Exception {
        Process server = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx1g",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TransportStackComparison.class.getName(), "server", stack)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            int port = Integer.parseInt(readLine(server.getInputStream()).trim());
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            MemberConnection[] cs = new MemberConnection[clients];
            for (int i = 0; i < clients; i++) {
                cs[i] = MemberConnection.connect(at);
            }
            String echo = echo(cs, seconds, server);
            String fanout = fanout(cs, at, server);
            for (MemberConnection c : cs) {
                c.close();
            }
            return echo + " | " + fanout;
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n' && c >= 0; ) {
            b.append((char) c);
        }
        return b.toString();
    }

    private static long cpuNanos(Process p) {
        return p.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** Closed loop: each client sends a 64-byte request and waits for its echo; 1 s warm-up. */
    private static String echo(MemberConnection[] cs, int seconds, Process server) throws Exception {
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        long[][] samples = new long[cs.length][];
        int[] counts = new int[cs.length];
        CountDownLatch done = new CountDownLatch(cs.length);
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < cs.length; i++) {
            int id = i;
            Thread.ofVirtual().start(() -> {
                long[] s = new long[4096];
                int n = 0;
                byte[] payload = new byte[64];
                try {
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        cs[id].send(FrameType.RESYNC_REQUEST, payload);
                        cs[id].receive(WAIT);
                        if (measuring.get()) {
                            if (n == s.length) {
                                s = Arrays.copyOf(s, n * 2);
                            }
                            s[n++] = System.nanoTime() - t0;
                        }
                    }
                } catch (IOException | FrameException e) {
                    failures.incrementAndGet();
                } finally {
                    samples[id] = s;
                    counts[id] = n;
                    done.countDown();
                }
            });
        }
        Thread.sleep(1000); // warm-up period of the measurement, not synchronisation
        measuring.set(true);
        long start = System.nanoTime();
        long cpu0 = cpuNanos(server);
        Thread.sleep(seconds * 1000L); // the measured period
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        long serverCpu = cpuNanos(server) - cpu0;
        stop.set(true);
        done.await();
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        long[] all = new long[total];
        int k = 0;
        for (int i = 0; i < cs.length; i++) {
            System.arraycopy(samples[i], 0, all, k, counts[i]);
            k += counts[i];
        }
        Arrays.sort(all);
        return String.format("echo %,.0f rt/s p50 %.2f ms p99 %.2f ms p99.9 %.2f ms server cpu %.1f us/rt failures %d",
                total / (elapsed / 1e9), pct(all, 0.50), pct(all, 0.99), pct(all, 0.999),
                serverCpu / 1e3 / Math.max(1, total), failures.get());
    }

    /** {@link #ROUNDS} rounds of one 1 KiB broadcast to every client; per round, when the last client had it. */
    private static String fanout(MemberConnection[] cs, InetSocketAddress at, Process server) throws Exception {
        long cpu0 = cpuNanos(server);
        long[][] got = new long[ROUNDS][cs.length];
        CountDownLatch[] roundDone = new CountDownLatch[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            roundDone[r] = new CountDownLatch(cs.length);
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int i = 0; i < cs.length; i++) {
            int id = i;
            Thread.ofVirtual().start(() -> {
                try {
                    for (int r = 0; r < ROUNDS; r++) {
                        Frame f = cs[id].receive(WAIT);
                        int round = ByteBuffer.wrap(f.payload()).getInt();
                        got[round][id] = System.nanoTime();
                        roundDone[round].countDown();
                    }
                } catch (IOException | FrameException e) {
                    failure.set(e);
                }
            });
        }
        long[] last = new long[ROUNDS];
        try (MemberConnection control = MemberConnection.connect(at)) {
            for (int r = 0; r < ROUNDS; r++) {
                byte[] payload = new byte[1024];
                ByteBuffer.wrap(payload).putInt(r);
                long t0 = System.nanoTime();
                control.send(FrameType.REKEY_ACK, payload);
                if (!roundDone[r].await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("round " + r + " incomplete", failure.get());
                }
                long max = 0;
                for (long t : got[r]) {
                    max = Math.max(max, t);
                }
                last[r] = max - t0;
            }
        }
        long cpu = cpuNanos(server) - cpu0;
        Arrays.sort(last);
        return String.format("fan-out to %d: last member p50 %.2f ms p99 %.2f ms server cpu %.1f ms/broadcast",
                cs.length, pct(last, 0.5), pct(last, 0.99), cpu / 1e6 / ROUNDS);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    // ---------------------------------------------------------------- servers

    private static void serve(String stack) throws Exception {
        switch (stack) {
            case "gcks" -> serveGcks();
            case "vt" -> serveVirtualThreads();
            case "netty-nio" -> serveNetty(NioIoHandler.newFactory(), NioServerSocketChannel.class);
            case "netty-epoll" -> serveNetty(EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
            default -> throw new IllegalArgumentException("unknown stack " + stack);
        }
    }

    private static void announce(int port) {
        System.out.println(port);
        System.out.flush();
    }

    private static void serveGcks() throws Exception {
        AtomicReference<FrameServer> self = new AtomicReference<>();
        FrameHandler handler = (Session session, Frame frame) -> {
            if (frame.type() == FrameType.RESYNC_REQUEST) {
                session.send(FrameCodec.encode(FrameType.RESYNC_REPLY, frame.payload()));
            } else if (frame.type() == FrameType.REKEY_ACK) {
                self.get().broadcast(FrameCodec.encode(FrameType.REKEY, frame.payload()), s -> s != session);
            }
        };
        FrameServer server = FrameServer.start(ServerConfig.defaults().withBacklog(4096), handler);
        self.set(server);
        announce(server.address().getPort());
        new CountDownLatch(1).await(); // runs until the driver ends the process
    }

    /** Reader and writer virtual thread per connection, bounded queue; frames as gkm writes them. */
    private static void serveVirtualThreads() throws IOException {
        Set<BlockingQueue<byte[]>> sessions = ConcurrentHashMap.newKeySet();
        try (ServerSocket ss = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            announce(ss.getLocalPort());
            while (true) {
                Socket s = ss.accept();
                s.setTcpNoDelay(true);
                BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(256);
                sessions.add(queue);
                Thread.ofVirtual().start(() -> {
                    try (s; OutputStream out = new BufferedOutputStream(s.getOutputStream())) {
                        while (true) {
                            out.write(queue.take());
                            if (queue.isEmpty()) {
                                out.flush();
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        sessions.remove(queue);
                    }
                });
                Thread.ofVirtual().start(() -> {
                    try (DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()))) {
                        while (true) {
                            int len = in.readInt();
                            byte[] frame = new byte[len + 4];
                            ByteBuffer.wrap(frame).putInt(len);
                            in.readFully(frame, 4, len);
                            int type = frame[5] & 0xFF;
                            if (type == ECHO) {
                                frame[5] = (byte) ECHO_REPLY;
                                queue.offer(frame);
                            } else if (type == BROADCAST_REQUEST) {
                                frame[5] = (byte) BROADCAST;
                                for (BlockingQueue<byte[]> q : sessions) {
                                    if (q != queue) {
                                        q.offer(frame);
                                    }
                                }
                            }
                        }
                    } catch (IOException e) {
                        sessions.remove(queue);
                    }
                });
            }
        }
    }

    private static void serveNetty(IoHandlerFactory io, Class<? extends io.netty.channel.ServerChannel> channel)
            throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
        ChannelGroup all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(channel)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        all.add(ch);
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(ServerConfig.DEFAULT_MAX_FRAME_BYTES + 4, 0, 4, 0, 0));
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                int type = frame.getUnsignedByte(5);
                                if (type == ECHO) {
                                    frame.setByte(5, ECHO_REPLY);
                                    ctx.writeAndFlush(frame.retain());
                                } else if (type == BROADCAST_REQUEST) {
                                    frame.setByte(5, BROADCAST);
                                    all.writeAndFlush(frame.retain(), c -> c != ctx.channel());
                                }
                            }
                        });
                    }
                });
        Channel server = b.bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        announce(((InetSocketAddress) server.localAddress()).getPort());
        server.closeFuture().sync();
    }
}
