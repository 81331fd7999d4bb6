package io.gonogo.examples;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.Select;
import org.junit.platform.suite.api.Suite;

/**
 * The governance example's scenarios run by Surefire (or an IDE) rather than by gonogo's command
 * line: the suite engine hands the targets file to gonogo's engine, and each scenario is a test of
 * this build. A scenario that fails fails the build.
 */
@Suite
@IncludeEngines("gonogo")
@Select("uid:[engine:gonogo]")
@ConfigurationParameter(key = "gonogo.targets", value = "governance/targets.yaml")
@ConfigurationParameter(key = "gonogo.progress", value = "false")
class GovernanceSuiteTest {}
