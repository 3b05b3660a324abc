/**
 * Alerts about districts' nights: an e-mail to the district's contacts and a webhook post when a
 * night needs attention, escalated to the engineer when it goes on night after night, a word when a
 * late file finally arrives, and one morning digest per engineer. Each alert is recorded before it
 * is sent and sent by a database-backed task, so none goes out twice. The public face: {@link
 * org.pathways.hub.alert.AlertSettingsStore}, {@link org.pathways.hub.alert.AlertLog} and their
 * records, for the portal.
 */
package org.pathways.hub.alert;
