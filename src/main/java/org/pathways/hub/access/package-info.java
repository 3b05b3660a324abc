/**
 * Who may do what: the people who sign in to the portal with their roles, the read API's service
 * tokens with the districts each opens ({@link org.pathways.hub.access.ServiceTokens}), and the
 * random secrets every credential of the hub is made from. A district contact is bound to one
 * district and sees nothing of any other.
 */
package org.pathways.hub.access;
