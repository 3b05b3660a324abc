/**
 * Export kits: everything a district's technical contact needs to build its SIS exports, put
 * together for one district from what the hub already knows: its SIS profile and the profile's file
 * specification (written once, in {@code docs/layouts/}, and shipped in the jar as {@code
 * layouts/*.md}), how and where to send (SFTP accounts, upload API, manual upload), the nightly
 * deadline, and sample files the generator makes in the profile's own shapes, which the hub itself
 * accepts. Public face: {@link org.pathways.hub.kit.ExportKits} and the records it returns. Nothing
 * in a kit is a secret or real student data.
 */
package org.pathways.hub.kit;
