/**
 * Keeps every received file exactly as received, encrypted, checksummed and immutable: the audit
 * trail and the way to replay a run. {@link org.pathways.hub.vault.Vault} is the public face;
 * {@link org.pathways.hub.vault.EncryptedVault} encrypts each file with its district's key ({@link
 * org.pathways.hub.vault.DistrictKeys}), which the master key ({@link
 * org.pathways.hub.vault.KeyWrapper}: a key file, or AWS KMS in {@code kms/}) wraps, into a {@link
 * org.pathways.hub.vault.BlobStore}: the local disk ({@code local/}) or S3-compatible object
 * storage ({@code s3/}). See docs/decisions/0003-vault-encryption.md.
 */
package org.pathways.hub.vault;
