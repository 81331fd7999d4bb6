/**
 * Internals of the chaos suite: the proxy's connections, HTTP/1.1 framing, built-in faults, the
 * suite kind.
 */
package io.gonogo.runners.chaos.internal;
