/**
 * Load: a file's rows staged by COPY, checked with set-based SQL, compared with the live snapshot
 * and published inside the caller's transaction. Public face: {@link
 * org.pathways.hub.load.StagingSession} and {@link org.pathways.hub.load.Diff}.
 */
package org.pathways.hub.load;
