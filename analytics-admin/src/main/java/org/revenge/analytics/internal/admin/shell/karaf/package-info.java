/**
 * The {@code analytics:} commands as Karaf shell actions: Karaf parses the options and arguments,
 * prints the help, completes library ids, job kinds, periods and user ids, and enforces the command
 * ACL; each action hands what it was given to the shared command logic
 * ({@link org.revenge.analytics.internal.admin.shell.AnalyticsCommands}), which plain Felix runs
 * through Gogo. Only Karaf's shell loads these classes (the bundle's {@code Karaf-Commands} header);
 * elsewhere the optional Karaf imports stay unwired and nothing here is touched.
 */
package org.revenge.analytics.internal.admin.shell.karaf;
