/**
 * The load engine's internals, not an API: the request encoder, the incremental HTTP/1.1 response
 * parser and the single-selector closed-model and open-model engines.
 *
 * <p>Everything here runs on the one engine thread of a run and is not thread-safe.
 */
package io.gonogo.runners.load.internal;
