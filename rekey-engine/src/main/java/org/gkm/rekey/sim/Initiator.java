package org.gkm.rekey.sim;

/** Who initiates the simulated joins and leaves. */
public enum Initiator {
    /** The group owner (GCKS): symmetric wraps only. */
    OWNER,
    /** A random privileged member: HPKE to copath public keys where it lacks the key (hybrid tree). */
    MEMBER,
    /** Each event's initiator drawn at random between the two. */
    MIXED
}
