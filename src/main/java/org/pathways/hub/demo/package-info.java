/**
 * The demo a newcomer sees on {@code serve --demo}: districts on several SIS profiles with a few
 * nights of history, made by the generator and sent through the real pipeline.
 */
package org.pathways.hub.demo;
