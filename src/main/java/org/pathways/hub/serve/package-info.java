/**
 * Serve: the canonical data as it is live, for Pathways and for engineers. Public face: {@link
 * org.pathways.hub.serve.SnapshotExporter}.
 */
package org.pathways.hub.serve;
