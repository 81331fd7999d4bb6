/**
 * Internals of the future-driven and gRPC load runners: the engine, method resolution, marshalling.
 */
package io.gonogo.runners.load.grpc.internal;
