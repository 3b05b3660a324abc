/**
 * Parse: a data file's text into canonical rows. Plain Java: it reads only the stream it is handed.
 * Public face: {@link org.pathways.hub.parse.FileParser}, {@link org.pathways.hub.parse.TextSniff}
 * (size, checksum, encoding, binary), {@link org.pathways.hub.parse.Unpacker} (.gz and .zip within
 * limits) and the rows they hand on.
 */
package org.pathways.hub.parse;
