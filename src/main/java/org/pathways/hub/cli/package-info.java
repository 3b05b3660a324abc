/**
 * The command line in the hub's jar: {@code serve} (the default), {@code district}, {@code ingest},
 * {@code export}, {@code generate}, {@code run}, and the credentials ({@code sftp-user}, {@code
 * api-key}, {@code token}, {@code user}). Public face: {@link org.pathways.hub.cli.HubCommand}.
 */
package org.pathways.hub.cli;
