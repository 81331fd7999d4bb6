/**
 * Load from calls that return a future, and gRPC unary calls named by their full method name.
 *
 * <p>{@link io.gonogo.runners.load.grpc.FutureLoadRunner} drives any asynchronous call under the
 * closed and the open model with the same meaning of figures as the HTTP engine ({@link
 * io.gonogo.runners.load.LoadResult}); {@link io.gonogo.runners.load.grpc.GrpcLoadRunner} uses it
 * for a unary gRPC method resolved through server reflection or a descriptor set file, with a JSON
 * request body.
 */
package io.gonogo.runners.load.grpc;
