/**
 * The JSON forms of gonogo's own files: evidence.json, decision.json and the measurement of a
 * report entry (schema version 1).
 */
package io.gonogo.core.json;
