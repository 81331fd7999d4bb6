/**
 * The JUnit Platform engine for suites declared in a targets file, and the planner that turns a
 * targets file into the plan it runs; suite kinds and service-under-test providers implement the
 * interfaces of {@link io.gonogo.runners.spi}.
 */
package io.gonogo.runners.engine;
