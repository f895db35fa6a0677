/**
 * Access-control audits: the coalition of departed members (forward access control) and joiners
 * against earlier messages (backward access control), both as greedy attackers over real rekey
 * messages.
 */
package org.gkm.simulator.audit;
