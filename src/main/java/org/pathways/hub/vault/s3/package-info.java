/**
 * The vault's blobs in S3-compatible object storage: {@link org.pathways.hub.vault.s3.S3BlobStore},
 * configured by {@link org.pathways.hub.vault.s3.S3Settings}.
 */
package org.pathways.hub.vault.s3;
