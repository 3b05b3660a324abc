/**
 * The audit trail: every sign-in, upload, download, credential change and export, with who, what,
 * when and from where. Nothing of a district's data goes into it.
 */
package org.pathways.hub.audit;
