/**
 * The kernel every stage shares: districts, the canonical data sets and their fields, and the
 * issues a stage can report. Plain Java, no dependencies.
 */
package org.pathways.hub.district;
