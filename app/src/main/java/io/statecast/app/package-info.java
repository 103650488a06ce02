/** The {@code statecast} command line: entry point of the launcher and of the job jar. */
package io.statecast.app;
