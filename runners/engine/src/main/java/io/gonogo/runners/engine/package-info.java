/**
 * The JUnit Platform engine for suites declared in a targets file, and its extension points: suite
 * kinds and service-under-test providers.
 */
package io.gonogo.runners.engine;
