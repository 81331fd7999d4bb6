/**
 * The governance server's public API: build a {@link io.gonogo.server.GovernanceServer}, start it,
 * read the address it bound and stop it; or run it as a process through {@link
 * io.gonogo.server.GovernanceServerMain}.
 *
 * <p>The server speaks HTTP/1.1 with keep-alive and pipelining on Netty with one event loop (native
 * epoll where available, NIO otherwise). This version serves {@code GET /health} only; every
 * request it answers, on any path, is counted by {@link
 * io.gonogo.server.GovernanceServer#handledRequests()}.
 */
package io.gonogo.server;
