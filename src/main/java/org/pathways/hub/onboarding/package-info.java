/**
 * Onboarding a district: its integration settings (transfer method, nightly deadline, the kick-off
 * and training dates), the two-week onboarding timeline computed from them and from what the hub
 * has seen ({@link org.pathways.hub.onboarding.Onboarding}; the timeline itself is the plain
 * function {@link org.pathways.hub.onboarding.OnboardingTimeline#compute}), and the Data Validation
 * Worksheet: what the district says its data should look like, compared with the live snapshot,
 * waived and approved for training ({@link org.pathways.hub.onboarding.Worksheets}, and {@link
 * org.pathways.hub.onboarding.WorksheetXlsx} for the spreadsheet template).
 */
package org.pathways.hub.onboarding;
