/**
 * The governance service over gRPC: the generated service's implementation, its token and metrics
 * interceptors, and the server setup with reflection.
 */
package io.gonogo.server.internal.grpc;
