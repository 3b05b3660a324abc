/**
 * The channels districts send files by: the SFTP server with a bucket per district, and the
 * credentials that open it. Every channel hands a completed file to {@link
 * org.pathways.hub.receive.Intake}, which stores it in the vault before the sender is told the
 * upload succeeded.
 */
package org.pathways.hub.receive;
