/**
 * Configuration of the hub as a whole: its settings, its store (embedded PostgreSQL or a server)
 * and the beans that wrap the plain-Java stages.
 */
package org.pathways.hub.system;
