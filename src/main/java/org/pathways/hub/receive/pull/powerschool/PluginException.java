package org.pathways.hub.receive.pull.powerschool;

/** A profile the plugin cannot serve: a file or column no PowerSchool field is known for. */
public class PluginException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PluginException(String message) {
    super(message);
  }
}
