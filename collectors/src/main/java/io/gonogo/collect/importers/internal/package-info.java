/**
 * The built-in importers (JMH, JUnit XML, Open Test Reporting, k6, Gatling, JMeter, HdrHistogram
 * logs) and the parsing helpers they share; each importer's Javadoc specifies its format.
 */
package io.gonogo.collect.importers.internal;
