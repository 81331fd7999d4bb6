package io.gonogo.runners.chaos;

/**
 * A gRPC call (a new HTTP/2 stream) the proxy framed on a client connection in {@linkplain
 * FaultProxy.Protocol#HTTP2 HTTP/2 mode}. The proxy does not decode HPACK, so the method name is
 * not known; a fault decides on the call's position.
 *
 * @param streamId the HTTP/2 stream identifier (odd, client-initiated)
 * @param sequence the call's position on its connection, from 1
 */
public record GrpcCallHead(int streamId, long sequence) {}
