package org.pathways.hub.district;

/** The stage of the data flow in which an issue was found. */
public enum Stage {
  RECEIVE,
  DETECT,
  PARSE,
  VALIDATE,
  LOAD
}
