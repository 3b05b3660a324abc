/**
 * OneRoster 1.1 and 1.2 as a source, for districts whose SIS is not PowerSchool: the REST service
 * pulled with OAuth 2 client credentials ({@link
 * org.pathways.hub.receive.pull.oneroster.OneRosterPull}) and CSV binding zips dropped by SFTP
 * ({@link org.pathways.hub.receive.pull.oneroster.OneRosterCsv}, opened by the intake). Both are
 * converted into Standard Layout files ({@link
 * org.pathways.hub.receive.pull.oneroster.OneRosterConverter}) that the pipeline reads as any sent
 * file.
 */
package org.pathways.hub.receive.pull.oneroster;
