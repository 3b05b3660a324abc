/**
 * Validate: the Standard Layout's rules and the state's identifier shapes and code tables, one row
 * at a time. Plain Java. Public face: {@link org.pathways.hub.validate.RowValidator} and {@link
 * org.pathways.hub.validate.ReferenceCodes}.
 */
package org.pathways.hub.validate;
