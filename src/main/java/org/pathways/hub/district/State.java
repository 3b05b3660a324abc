package org.pathways.hub.district;

/** The states whose districts the hub serves; each has its own identifier shapes and plans. */
public enum State {
  TX,
  IN
}
