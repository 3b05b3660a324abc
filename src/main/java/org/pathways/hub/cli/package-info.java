/**
 * The command line in the hub's jar: {@code serve} (the default), {@code district}, {@code ingest},
 * {@code export}, {@code generate} and {@code run}. Public face: {@link
 * org.pathways.hub.cli.HubCommand}.
 */
package org.pathways.hub.cli;
