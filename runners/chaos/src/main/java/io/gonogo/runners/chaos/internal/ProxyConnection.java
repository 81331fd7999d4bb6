package io.gonogo.runners.chaos.internal;

import io.gonogo.runners.chaos.Chunk;
import io.gonogo.runners.chaos.Direction;
import io.gonogo.runners.chaos.Fault;
import io.gonogo.runners.chaos.HttpRequestHead;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One client connection through the proxy and its connection to the service: two pipes (one per
 * direction) that apply the active faults to each chunk, and, on HTTP/1.1, the framing that lets a
 * fault answer single requests (on HTTP/2, {@link Http2Framer}'s, to fail single gRPC calls).
 * Confined to one event loop.
 */
final class ProxyConnection {
    private final ProxyCore core;
    private final long id;
    private final Channel client;
    private Channel server;
    private final SplittableRandom random;
    private final Pipe up;
    private final Pipe down;
    private boolean closed;

    // HTTP/1.1 framing (null when the proxy runs as plain TCP)
    private final Http1Framer requests;
    private final Http1Framer responses;
    private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>();
    private long requestSeq;
    private boolean swallowing;
    private int answerStatus;
    private boolean answerClose;

    // HTTP/2 framing (null unless the proxy runs in HTTP/2 mode)
    private final Http2Framer h2;

    /**
     * A request in flight on this connection: forwarded to the service, or answered by the proxy.
     */
    private record Exchange(boolean synthetic, boolean head, int status, boolean close) {}

    ProxyConnection(ProxyCore core, long id, Channel client, SplittableRandom random) {
        this.core = core;
        this.id = id;
        this.client = client;
        this.random = random;
        this.up = new Pipe(Direction.UPSTREAM);
        this.down = new Pipe(Direction.DOWNSTREAM);
        if (core.http()) {
            requests = new Http1Framer(false, () -> false, client.alloc());
            responses =
                    new Http1Framer(
                            true,
                            () -> !exchanges.isEmpty() && exchanges.peek().head(),
                            client.alloc());
        } else {
            requests = null;
            responses = null;
        }
        h2 =
                core.http2()
                        ? new Http2Framer(
                                up::send,
                                down::send,
                                core::faults,
                                random,
                                core.stats.answered::increment)
                        : null;
    }

    /** Called when the client connection is accepted. */
    void start() {
        for (Fault f : core.faults()) {
            if (f.dropsConnection(random)) {
                core.stats.dropped.increment();
                resetChannel(client);
                closed = true;
                return;
            }
        }
        Bootstrap b =
                new Bootstrap()
                        .group(client.eventLoop())
                        .channel(core.socketChannel())
                        .option(ChannelOption.AUTO_READ, false)
                        .option(ChannelOption.TCP_NODELAY, true)
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                        .handler(new ServerSide());
        b.connect(core.upstream())
                .addListener(
                        (ChannelFutureListener)
                                f -> {
                                    if (!f.isSuccess()) {
                                        core.stats.upstreamFailures.increment();
                                        closed = true;
                                        resetChannel(client);
                                        return;
                                    }
                                    server = f.channel();
                                    if (closed || !client.isActive()) {
                                        server.close();
                                        return;
                                    }
                                    client.config().setAutoRead(true);
                                    server.config().setAutoRead(true);
                                });
    }

    ChannelInboundHandlerAdapter clientSide() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                onClientData((ByteBuf) msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                flushPending();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                peerClosed(Direction.UPSTREAM);
            }

            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (server != null) {
                    server.config().setAutoRead(client.isWritable());
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                abort();
            }
        };
    }

    private final class ServerSide extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            onServerData((ByteBuf) msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushPending();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            peerClosed(Direction.DOWNSTREAM);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            client.config().setAutoRead(server.isWritable());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            abort();
        }
    }

    // ---- data

    /**
     * Flushes what the fast path wrote during this read batch: one flush per batch, not per chunk.
     */
    private void flushPending() {
        up.flushPending();
        down.flushPending();
    }

    private void onClientData(ByteBuf buf) {
        if (closed) {
            buf.release();
            return;
        }
        if (h2 != null) {
            h2.fromClient(buf);
            return;
        }
        if (requests == null || requests.isOpaque()) {
            up.send(buf);
            return;
        }
        requests.feed(
                buf,
                new Http1Framer.Sink() {
                    @Override
                    public void head(Http1Framer.Head h) {
                        requestSeq++;
                        OptionalInt answer = OptionalInt.empty();
                        HttpRequestHead request =
                                new HttpRequestHead(h.method(), h.target(), requestSeq);
                        for (Fault f : core.faults()) {
                            answer = f.answerInstead(request, random);
                            if (answer.isPresent()) {
                                break;
                            }
                        }
                        swallowing = answer.isPresent();
                        if (swallowing) {
                            answerStatus = answer.getAsInt();
                            answerClose = h.close();
                        } else {
                            exchanges.add(new Exchange(false, h.method().equals("HEAD"), 0, false));
                        }
                    }

                    @Override
                    public void bytes(ByteBuf bytes) {
                        if (swallowing || closed) {
                            bytes.release();
                        } else {
                            up.send(bytes);
                        }
                    }

                    @Override
                    public void end(boolean interim) {
                        if (!swallowing) {
                            return;
                        }
                        swallowing = false;
                        Exchange x = new Exchange(true, false, answerStatus, answerClose);
                        if (exchanges.isEmpty()) {
                            answer(x);
                        } else {
                            exchanges.add(x);
                        }
                    }

                    @Override
                    public void opaque(String why) {
                        // from here on the connection is plain TCP
                    }
                });
    }

    private void onServerData(ByteBuf buf) {
        if (closed) {
            buf.release();
            return;
        }
        if (h2 != null) {
            h2.fromServer(buf);
            return;
        }
        if (responses == null || responses.isOpaque()) {
            down.send(buf);
            return;
        }
        responses.feed(
                buf,
                new Http1Framer.Sink() {
                    @Override
                    public void head(Http1Framer.Head h) {}

                    @Override
                    public void bytes(ByteBuf bytes) {
                        if (closed) {
                            bytes.release();
                        } else {
                            down.send(bytes);
                        }
                    }

                    @Override
                    public void end(boolean interim) {
                        if (interim) {
                            return;
                        }
                        exchanges.poll();
                        while (!exchanges.isEmpty() && exchanges.peek().synthetic()) {
                            answer(exchanges.poll());
                        }
                    }

                    @Override
                    public void opaque(String why) {}
                });
    }

    private void answer(Exchange x) {
        core.stats.answered.increment();
        String body = "{\"error\":\"injected\",\"message\":\"answered by gonogo's fault proxy\"}";
        String head =
                "HTTP/1.1 "
                        + x.status()
                        + " "
                        + reason(x.status())
                        + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: "
                        + body.length()
                        + "\r\n"
                        + (x.close() ? "Connection: close\r\n" : "")
                        + "\r\n";
        down.send(Unpooled.copiedBuffer(head + body, StandardCharsets.ISO_8859_1));
        if (x.close()) {
            down.closeWhenDrained(0);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }

    // ---- closing

    /** A peer closed its side; the close travels in {@code flow} to the other peer. */
    private void peerClosed(Direction flow) {
        if (closed) {
            return;
        }
        long delay = 0;
        for (Fault f : core.faults()) {
            delay += Math.max(0, f.closeDelayNanos(flow));
        }
        (flow == Direction.UPSTREAM ? up : down).closeWhenDrained(delay);
    }

    /** Resets both sides (RST). */
    void reset() {
        if (closed) {
            return;
        }
        core.stats.resets.increment();
        closed = true;
        resetChannel(client);
        if (server != null) {
            resetChannel(server);
        }
        release();
    }

    private void abort() {
        if (closed) {
            return;
        }
        closed = true;
        client.close();
        if (server != null) {
            server.close();
        }
        release();
    }

    private void finish() {
        closed = true;
        release();
    }

    private void release() {
        up.clear();
        down.clear();
        if (requests != null) {
            requests.release();
            responses.release();
        }
        if (h2 != null) {
            h2.release();
        }
    }

    private static void resetChannel(Channel ch) {
        if (ch.isOpen()) {
            try {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (RuntimeException e) {
                // the socket is already gone: close it anyway
            }
            ch.close();
        }
    }

    // ---- one direction

    /**
     * One direction of the connection: applies chunk faults and keeps the order of what it
     * forwards.
     */
    private final class Pipe {
        private final Direction flow;

        /**
         * Chunks held back by a fault, with their release times in {@link #times} (a ring in step
         * with the queue): no object per held chunk besides the buffer itself.
         */
        private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();

        private long[] times = new long[16];
        private int timesHead;

        /** The one effect of this direction, reset for each chunk (valid only during onChunk). */
        private final Effect effect;

        private final Runnable drainTask = this::drain;
        private long lastRelease;
        private ScheduledFuture<?> drain;
        private boolean closeAfterDrain;
        private long closeDelay;
        private boolean unflushed;

        Pipe(Direction flow) {
            this.flow = flow;
            this.effect = new Effect(flow, id);
        }

        private void hold(ByteBuf buf, long at) {
            int n = queue.size();
            if (n == times.length) {
                long[] grown = new long[n * 2];
                for (int i = 0; i < n; i++) {
                    grown[i] = times[(timesHead + i) % n];
                }
                times = grown;
                timesHead = 0;
            }
            times[(timesHead + n) % times.length] = at;
            queue.add(buf);
        }

        private long headTime() {
            return times[timesHead];
        }

        private ByteBuf release() {
            timesHead = (timesHead + 1) % times.length;
            return queue.poll();
        }

        private Channel dst() {
            return flow == Direction.UPSTREAM ? server : client;
        }

        void send(ByteBuf buf) {
            Channel dst = dst();
            if (closed || dst == null) {
                buf.release();
                return;
            }
            Fault[] faults = core.faults();
            if (faults.length == 0 && queue.isEmpty()) {
                dst.write(buf, dst.voidPromise());
                unflushed = true;
                return;
            }
            Effect e = effect.begin(buf.readableBytes());
            for (Fault f : faults) {
                if (f.direction().covers(flow)) {
                    f.onChunk(e);
                }
            }
            if (e.reset) {
                buf.release();
                reset();
                return;
            }
            if (e.blackhole) {
                core.stats.blackholed.add(buf.readableBytes());
                buf.release();
                return;
            }
            long now = System.nanoTime();
            long at = now + e.delay;
            if (e.pace > 0) {
                at = Math.max(at, lastRelease) + (long) (e.size * 1e9 / e.pace);
            }
            at = Math.max(at, lastRelease);
            lastRelease = at;
            if (at <= now && queue.isEmpty()) {
                dst.write(buf, dst.voidPromise());
                unflushed = true;
                return;
            }
            hold(buf, at);
            schedule(now);
        }

        void flushPending() {
            if (unflushed) {
                unflushed = false;
                Channel dst = dst();
                if (dst != null) {
                    dst.flush();
                }
            }
        }

        private void schedule(long now) {
            if (drain != null || queue.isEmpty()) {
                return;
            }
            long at = headTime();
            drain =
                    client.eventLoop()
                            .schedule(drainTask, Math.max(0, at - now), TimeUnit.NANOSECONDS);
        }

        private void drain() {
            drain = null;
            Channel dst = dst();
            long now = System.nanoTime();
            boolean wrote = false;
            while (!queue.isEmpty() && headTime() <= now) {
                ByteBuf b = release();
                if (closed || dst == null) {
                    b.release();
                } else {
                    dst.write(b, dst.voidPromise());
                    wrote = true;
                }
            }
            if (wrote) {
                dst.flush();
            }
            if (!queue.isEmpty()) {
                schedule(now);
            } else if (closeAfterDrain) {
                closeAfterDrain = false;
                closeNow(closeDelay);
            }
        }

        void closeWhenDrained(long delayNanos) {
            if (queue.isEmpty()) {
                closeNow(delayNanos);
            } else {
                closeAfterDrain = true;
                closeDelay = delayNanos;
            }
        }

        private void closeNow(long delayNanos) {
            Channel dst = dst();
            Runnable close =
                    () -> {
                        if (dst != null) {
                            dst.writeAndFlush(Unpooled.EMPTY_BUFFER)
                                    .addListener(ChannelFutureListener.CLOSE);
                        }
                        Channel src = flow == Direction.UPSTREAM ? client : server;
                        if (src != null) {
                            src.close();
                        }
                        finish();
                    };
            if (delayNanos > 0) {
                client.eventLoop().schedule(close, delayNanos, TimeUnit.NANOSECONDS);
            } else {
                close.run();
            }
        }

        void clear() {
            if (drain != null) {
                drain.cancel(false);
                drain = null;
            }
            while (!queue.isEmpty()) {
                release().release();
            }
        }
    }

    /** The effect of the active faults on one chunk. */
    private static final class Effect implements Chunk {
        private final Direction flow;
        private final long connection;
        private int size;
        long delay;
        double pace;
        boolean blackhole;
        boolean reset;

        Effect(Direction flow, long connection) {
            this.flow = flow;
            this.connection = connection;
        }

        /** This effect, cleared for a chunk of {@code bytes}. */
        Effect begin(int bytes) {
            size = bytes;
            delay = 0;
            pace = 0;
            blackhole = false;
            reset = false;
            return this;
        }

        @Override
        public Direction direction() {
            return flow;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public long connectionId() {
            return connection;
        }

        @Override
        public void delay(long nanos) {
            if (nanos > 0) {
                delay += nanos;
            }
        }

        @Override
        public void pace(double bytesPerSecond) {
            if (bytesPerSecond > 0) {
                pace = pace == 0 ? bytesPerSecond : Math.min(pace, bytesPerSecond);
            }
        }

        @Override
        public void blackhole() {
            blackhole = true;
        }

        @Override
        public void reset() {
            reset = true;
        }
    }
}
