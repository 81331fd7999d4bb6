/**
 * The governance server's internals, not an API: the transport choice, the channel pipeline, the
 * HTTP request handler, the router, the pre-encoded responses and the HTTP/JSON API ({@link
 * io.gonogo.server.internal.ApiRoutes}).
 *
 * <p>Everything that touches a connection runs on the server's single event loop; per-connection
 * handlers are not thread-safe and are never shared between channels. Storage work never runs
 * there: the API hands it to the bounded workers of the service layer and the handler writes the
 * answers back on the event loop, in request order.
 */
package io.gonogo.server.internal;
