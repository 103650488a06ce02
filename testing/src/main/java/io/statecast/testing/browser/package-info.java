/** A real browser for the dashboard's tests: Debian's headless Chromium through Selenium. */
package io.statecast.testing.browser;
