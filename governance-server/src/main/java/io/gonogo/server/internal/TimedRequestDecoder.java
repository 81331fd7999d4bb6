package io.gonogo.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The request decoder with a deadline: a request has {@code requestTimeoutNanos} from its first
 * byte to arrive in full, head and body, or {@link #REQUEST_TIMEOUT} is fired down the pipeline for
 * the handler to answer 408. This stops a client that sends a request slowly, or never finishes
 * one, from holding its connection: the idle timeout alone would not, since every byte resets it.
 *
 * <p>A request that arrives in one read, the usual case, schedules nothing. While the server has
 * stopped reading the connection itself (its answers are not being read), the deadline waits.
 *
 * <p>One instance per channel; runs on the channel's event loop only.
 */
final class TimedRequestDecoder extends HttpRequestDecoder {

    /** The event fired down the pipeline when a request is not complete by its deadline. */
    static final Object REQUEST_TIMEOUT =
            new Object() {
                @Override
                public String toString() {
                    return "REQUEST_TIMEOUT";
                }
            };

    private final long requestTimeoutNanos;

    /** The decoder has taken bytes of a request and not yet its last content. */
    private boolean inRequest;

    /** A request was completed during the current read. */
    private boolean completedInRead;

    private ScheduledFuture<?> deadline;

    TimedRequestDecoder(HttpDecoderConfig config, long requestTimeoutNanos) {
        super(config);
        this.requestTimeoutNanos = requestTimeoutNanos;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
            throws Exception {
        int before = out.size();
        int readerIndex = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        boolean completed = false;
        for (int i = before; i < out.size(); i++) {
            completed |= out.get(i) instanceof LastHttpContent;
        }
        if (completed) {
            // one call completes at most one request, and returns
            inRequest = false;
            completedInRead = true;
        } else if (out.size() > before || buffer.readerIndex() > readerIndex) {
            // the decoder took bytes of a request it has not finished: header lines it keeps
            // until the head ends, or body chunks
            inRequest = true;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        completedInRead = false;
        super.channelRead(ctx, msg);
        if (!ctx.channel().isActive()) {
            cancel();
        } else if (!inRequest && actualReadableBytes() == 0) {
            cancel();
        } else if (deadline == null || completedInRead) {
            // a new request has begun: in this read, or right after one that ended in it
            cancel();
            schedule(ctx, requestTimeoutNanos);
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        deadline = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // the server is holding the rest of the request back itself: not the client's delay
            schedule(ctx, requestTimeoutNanos);
            return;
        }
        ctx.fireUserEventTriggered(REQUEST_TIMEOUT);
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.handlerRemoved0(ctx);
    }
}
