/**
 * Importing other tools' result files as evidence: the {@link io.gonogo.collect.importers.Importer}
 * SPI, the registry that finds importers and detects formats, and the import of a targets file's
 * {@code results:} entries into planned producers, measurements and outcomes.
 */
package io.gonogo.collect.importers;
