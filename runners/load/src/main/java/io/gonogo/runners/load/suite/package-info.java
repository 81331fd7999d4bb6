/**
 * {@code suites.load}: the suite kind that runs load scenarios of a targets file over the load
 * engine ({@link io.gonogo.runners.load.LoadRunner}, {@link
 * io.gonogo.runners.load.grpc.GrpcLoadRunner}); found by the suite engine through {@link
 * java.util.ServiceLoader}.
 */
package io.gonogo.runners.load.suite;
