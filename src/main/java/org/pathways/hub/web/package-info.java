/**
 * The web pages: the status of districts, runs and issues, and a district's integration settings
 * and onboarding timeline. Pages read what the pipeline wrote; the only changes made here are an
 * engineer's (settings, credentials, onboarding dates and marks), each audited under their email.
 */
package org.pathways.hub.web;
