/**
 * The web pages: the status of districts, runs and issues (read only), and the Data Validation
 * Worksheet, whose changes go through {@code onboarding}. Every district page passes {@link
 * org.pathways.hub.web.DistrictGate}.
 */
package org.pathways.hub.web;
