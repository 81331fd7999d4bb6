/**
 * Reading the targets file: a positioned YAML tree whose errors name file, line and column, the
 * targets, the policy and the service-under-test section.
 */
package io.gonogo.core.config;
