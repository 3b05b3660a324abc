/**
 * Synthetic districts for the demo, the tests and the benchmark. The public face is small: {@link
 * org.pathways.hub.generate.DistrictGenerator} (state, student count, seed, date) builds a
 * deterministic {@link org.pathways.hub.generate.GeneratedDistrict} whose canonical rows stream per
 * data set; {@link org.pathways.hub.generate.NativeWriter} writes them in a SIS profile's own file
 * shapes and returns a {@link org.pathways.hub.generate.GenerateSummary}; {@link
 * org.pathways.hub.generate.Campus} describes a generated campus. Everything else is
 * package-private. Plain Java: no Spring, and no clock (the date is passed in).
 */
package org.pathways.hub.generate;
