/**
 * GKMP (RFC 2093, seed 002): data items, messages and the controller and member state machines,
 * as a transport-independent engine that consumes messages and returns messages and events.
 */
package org.gkm.gkmp;
