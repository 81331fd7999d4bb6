package io.gonogo.examples;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.Select;
import org.junit.platform.suite.api.Suite;

/**
 * The governance example's scenarios run from an IDE (or any JUnit Platform launcher) rather than
 * by gonogo's command line: the suite engine hands the targets file to gonogo's engine, and each
 * scenario is a test of the build that runs it; a scenario that fails fails that build.
 *
 * <p>Its name ends neither in {@code Test} nor in {@code IT}, so Maven does not run it: the build
 * runs the example once, from the jar ({@link GovernanceRun}), and {@link GovernanceSuiteTest}
 * checks that this class discovers every scenario of the example.
 */
@Suite
@IncludeEngines("gonogo")
@Select("uid:[engine:gonogo]")
@ConfigurationParameter(key = "gonogo.targets", value = "governance/targets.yaml")
@ConfigurationParameter(key = "gonogo.progress", value = "false")
class GovernanceSuite {}
