/**
 * The web pages: for now the read-only status of districts, runs and issues. Reads what the
 * pipeline wrote; writes nothing.
 */
package org.pathways.hub.web;
