/**
 * What a suite kind is and what it may use while it runs: {@link io.gonogo.runners.spi.SuiteKind},
 * its planned {@link io.gonogo.runners.spi.ScenarioSpec}s, the {@link
 * io.gonogo.runners.spi.ScenarioContext} of a running scenario, the service under test ({@link
 * io.gonogo.runners.spi.Sut}, {@link io.gonogo.runners.spi.SutProvider}) and the catalogue of the
 * governance operations ({@link io.gonogo.runners.spi.GovernanceOperation}). Knows nothing of
 * JUnit, Netty or gRPC.
 */
package io.gonogo.runners.spi;
