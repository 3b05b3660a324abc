/**
 * Watching the nightly sends: which data sets each district is expected to send, by when, and how
 * last night went for each (on time, late, missing, held or failed).
 */
package org.pathways.hub.monitor;
