/**
 * Channels where the hub fetches a district's data itself, through its SIS's API, instead of
 * waiting for the SIS to send files. Each pulled result becomes one file handed to {@link
 * org.pathways.hub.receive.Intake}, so it is stored in the vault and goes through the same pipeline
 * as a file sent by SFTP. {@link org.pathways.hub.receive.pull.NightlyPulls} pulls each API
 * district once a night from the {@link org.pathways.hub.receive.pull.PullSource} its profile names
 * (PowerSchool or OneRoster).
 */
package org.pathways.hub.receive.pull;
