/**
 * SIS profiles: how each SIS, in each state, names and shapes its files, read from declarative
 * resources ({@code profiles/*.yaml}) and a district's override. Plain Java. Public face: {@link
 * org.pathways.hub.profile.ProfileCatalog}, {@link org.pathways.hub.profile.ProfileReader} and the
 * records they return.
 */
package org.pathways.hub.profile;
