/**
 * Channels where the hub fetches a district's data itself, through its SIS's API, instead of
 * waiting for the SIS to send files. Each pulled result becomes one file handed to {@link
 * org.pathways.hub.receive.Intake}, so it is stored in the vault and goes through the same pipeline
 * as a file sent by SFTP.
 */
package org.pathways.hub.receive.pull;
