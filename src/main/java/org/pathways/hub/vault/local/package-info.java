/** The vault's blobs on the local disk: {@link org.pathways.hub.vault.local.LocalBlobStore}. */
package org.pathways.hub.vault.local;
