/**
 * Keeps every received file exactly as received, checksummed and immutable: the audit trail and the
 * way to replay a run. {@link org.pathways.hub.vault.Vault} is the public face.
 */
package org.pathways.hub.vault;
