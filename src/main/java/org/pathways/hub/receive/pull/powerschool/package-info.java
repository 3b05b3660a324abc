/**
 * PowerSchool districts' API transfer. The hub makes each district a plugin ({@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolPlugin}, versions numbered by {@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolPlugins}) whose PowerQueries ({@code
 * com.pathways.hub.students}, ...) return each file of the district's PowerSchool profile with the
 * profile's own column names. The district installs it; the hub then signs in with the plugin's
 * client id and secret, pages through each query and hands each result to the pipeline as a
 * comma-separated file named after its query ({@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolPull}; connection settings in {@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolConnections}).
 */
package org.pathways.hub.receive.pull.powerschool;
