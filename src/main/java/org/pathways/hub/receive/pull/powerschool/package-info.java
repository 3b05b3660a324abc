/**
 * The PowerSchool plugin the hub makes for each district: a zip the district installs in
 * PowerSchool, whose PowerQueries return each file of the district's PowerSchool profile with the
 * profile's own column names, so that a query's result saved as {@code <query name>.csv} is read
 * like a file the district sent. Public face: {@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolPlugin} (plain Java: the queries and the
 * plugin's content for a district and profile), the {@link
 * org.pathways.hub.receive.pull.powerschool.PowerQuery} records the nightly pull calls, and {@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolPlugins}, which numbers each district's
 * versions.
 */
package org.pathways.hub.receive.pull.powerschool;
