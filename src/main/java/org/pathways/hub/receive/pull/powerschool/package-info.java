/**
 * Pulling a district's data from PowerSchool: the district installs the Pathways plugin, whose
 * PowerQueries ({@code com.pathways.hub.students}, ...) return the files of its SIS profile, and
 * the hub signs in with the plugin's client id and secret, pages through each query and hands each
 * result to the pipeline as a comma-separated file. The public face is {@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolPull} and the connection settings in {@link
 * org.pathways.hub.receive.pull.powerschool.PowerSchoolConnections}.
 */
package org.pathways.hub.receive.pull.powerschool;
