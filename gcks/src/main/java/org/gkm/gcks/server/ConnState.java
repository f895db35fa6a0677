package org.gkm.gcks.server;

import org.gkm.gkmp.EntityId;

/**
 * What the GCKS keeps with one connection: the group and GKMP identity it registers (bound by the
 * first GKMP frame the controller accepted from it), whether it completed registration, and when
 * its registration started.
 */
final class ConnState {
    volatile HostedGroup group;
    volatile EntityId entity;
    volatile boolean registered;
    volatile long registrationStartNanos;
    /** The joiner this connection's member is adding (member-initiated join), with the client keys drawn for it. */
    volatile SponsoredJoin sponsored;
}
