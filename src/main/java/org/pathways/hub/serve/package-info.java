/**
 * Serve: the canonical data as it is live, for Pathways and for engineers. Public face: {@link
 * org.pathways.hub.serve.SnapshotExporter} (the Standard Layout files), {@link
 * org.pathways.hub.serve.SnapshotPreview} (the portal's data preview), and {@link
 * org.pathways.hub.serve.LiveRecords} with {@link org.pathways.hub.serve.Cursor} (the read API's
 * records and keyset pages; its controller is {@code web/ReadApi}, which also serves the nightly
 * figures of {@code monitor/}); {@link org.pathways.hub.serve.ChangeFeed} with {@link
 * org.pathways.hub.serve.FeedCursor} (what each load changed, for incremental sync); {@link
 * org.pathways.hub.serve.Graduation} (each student's progress toward their graduation plan, the
 * plans being data read by {@link org.pathways.hub.serve.GraduationPlans}) and {@link
 * org.pathways.hub.serve.GraduationReadiness} (whether a district's data can drive a graduation
 * path).
 */
package org.pathways.hub.serve;
