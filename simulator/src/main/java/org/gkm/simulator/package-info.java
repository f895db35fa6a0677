/**
 * The group simulation: a whole group in-process (GCKS, member states, sealed messages, missed
 * messages and resync) with convergence and access-control verdicts; the core of
 * {@code gkm simulate} and of the engine's churn tests.
 */
package org.gkm.simulator;
