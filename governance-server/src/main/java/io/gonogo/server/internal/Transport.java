package io.gonogo.server.internal;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.Locale;

/** The I/O transport the server's event loop runs on. */
public enum Transport {
    /** Linux epoll through Netty's native transport; chosen whenever it is available. */
    EPOLL("epoll") {
        @Override
        public IoHandlerFactory newIoHandlerFactory() {
            return EpollIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannelClass() {
            return EpollServerSocketChannel.class;
        }
    },
    /** The JDK's NIO selector; works on every platform. */
    NIO("nio") {
        @Override
        public IoHandlerFactory newIoHandlerFactory() {
            return NioIoHandler.newFactory();
        }

        @Override
        public Class<? extends ServerChannel> serverChannelClass() {
            return NioServerSocketChannel.class;
        }
    };

    /**
     * System property that overrides the choice: {@code auto} (the default), {@code epoll} or
     * {@code nio}.
     */
    public static final String PROPERTY = "gonogo.server.transport";

    private final String id;

    Transport(String id) {
        this.id = id;
    }

    /** Returns the transport named by {@link #PROPERTY}, or the best available one. */
    public static Transport fromSystemProperty() {
        return select(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * Returns the transport for a choice of {@code auto}, {@code epoll} or {@code nio}.
     *
     * @throws IllegalArgumentException if the choice is none of these
     * @throws IllegalStateException if {@code epoll} is asked for but not available
     */
    public static Transport select(String choice) {
        switch (choice.strip().toLowerCase(Locale.ROOT)) {
            case "":
            case "auto":
                return Epoll.isAvailable() ? EPOLL : NIO;
            case "nio":
                return NIO;
            case "epoll":
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException(
                            PROPERTY
                                    + "=epoll but the native epoll transport is not available here:"
                                    + " "
                                    + Epoll.unavailabilityCause(),
                            Epoll.unavailabilityCause());
                }
                return EPOLL;
            default:
                throw new IllegalArgumentException(
                        "system property "
                                + PROPERTY
                                + " must be auto, epoll or nio, got '"
                                + choice
                                + "'");
        }
    }

    /** Returns a factory for this transport's I/O handler. */
    public abstract IoHandlerFactory newIoHandlerFactory();

    /** Returns the server channel class that goes with this transport's event loop. */
    public abstract Class<? extends ServerChannel> serverChannelClass();

    /** Returns the lower-case name of this transport, as accepted by {@link #select(String)}. */
    public String id() {
        return id;
    }
}
