package org.pathways.hub.alert;

/** How an alert travels. */
public enum Channel {
  EMAIL,
  WEBHOOK
}
