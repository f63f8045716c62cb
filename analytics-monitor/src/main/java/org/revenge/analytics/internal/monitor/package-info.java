/**
 * How an operator's monitoring sees Revenge Analytics: Felix Health Checks (tag {@code analytics})
 * and an MBean on the JMX whiteboard, both built on the exported SPI only, so they run on a headless
 * host. The HTTP API's metrics endpoint (in the admin bundle) reads the same SPI figures.
 */
package org.revenge.analytics.internal.monitor;
