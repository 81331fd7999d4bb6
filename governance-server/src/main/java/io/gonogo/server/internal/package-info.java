/**
 * The governance server's internals, not an API: the transport choice, the channel pipeline,
 * the HTTP request handler, the router and the pre-encoded responses.
 *
 * <p>Everything that touches a connection runs on the server's single event loop; per-connection
 * handlers are not thread-safe and are never shared between channels.
 */
package io.gonogo.server.internal;
