/**
 * The vault's master key in AWS KMS: {@link org.pathways.hub.vault.kms.AwsKmsWrapper}, configured
 * by {@link org.pathways.hub.vault.kms.KmsSettings}.
 */
package org.pathways.hub.vault.kms;
