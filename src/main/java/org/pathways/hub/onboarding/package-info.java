/**
 * Onboarding a district: the Data Validation Worksheet (what the district says its data should look
 * like, compared with the live snapshot, waived and approved for training). The public face is
 * {@link org.pathways.hub.onboarding.Worksheets} with the values it takes and returns, and {@link
 * org.pathways.hub.onboarding.WorksheetXlsx} for the spreadsheet template.
 */
package org.pathways.hub.onboarding;
