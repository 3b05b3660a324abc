/**
 * The portal, the upload API and the read API. Every district page, download and action passes
 * {@link org.pathways.hub.web.DistrictGate}, so a district contact reaches only their own district;
 * the upload API checks a district's key instead, and the read API ({@link
 * org.pathways.hub.web.ReadApi}) the districts its service token opens. Changes go through the
 * stage that owns the data (held runs through {@code pipeline}, the worksheet through {@code
 * onboarding}, files through {@code receive}).
 */
package org.pathways.hub.web;
