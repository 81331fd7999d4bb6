/** The gonogo command line, a thin picocli shell over {@link io.gonogo.Gonogo}. */
package io.gonogo.cli;
