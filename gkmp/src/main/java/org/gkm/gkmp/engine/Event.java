package org.gkm.gkmp.engine;

import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.gkmp.KeyId;

/** What a {@link GkmpNode} tells its owner happened while handling one input. */
public sealed interface Event {
    /**
     * An authenticated, fresh frame from a peer failed a check of its state, or an exchange timed
     * out: the exchange with that peer (if one was open) ended, nothing was installed, and the
     * report is in the group management log (RFC 2093 sec. 5: "the exchange is terminated and a
     * report is generated").
     */
    record Terminated(Report report) implements Event {}

    /**
     * A frame was refused before it was authenticated as its sender's and fresh (a forgery, a replay,
     * a spoofed sender, or a frame for another exchange): nothing changed, no exchange ended, and it
     * is only counted ({@link GkmpNode#rejections()}) and summarised in the log at a bounded rate.
     */
    record Rejected(Report report) implements Event {}

    /** Group keys were installed (become the group's current keys) in the key table. */
    record KeysInstalled(GkmpGroupId group, KeyId gtekId, KeyId gkekId) implements Event {}

    /**
     * Download_Grp_Keys carried this member's key-tree path for the rekey engine (LKH binding): an
     * opaque, secret blob (see {@link org.gkm.gkmp.lkh.LkhBinding}).
     */
    record TreePathReceived(GkmpGroupId group, org.gkm.crypto.SecretBytes path) implements Event {
        @Override
        public String toString() {
            return "TreePathReceived[" + group + "]";
        }
    }

    /**
     * The controller authenticated {@code member}'s Negotiate_Session_Keys_2 and its tree path source
     * deferred the path ({@link TreePathSource#pathFor} returned null): the exchange waits for
     * {@link GkmpNode#deliverPath} (or ends at its deadline, or by {@link GkmpNode#refusePath}).
     */
    record PathDeferred(GkmpGroupId group, EntityId member) implements Event {}

    /** The controller confirmed a member holds the group keys (state 9). */
    record MemberConfirmed(GkmpGroupId group, EntityId member) implements Event {}

    /** The group keys of a group were deleted here (states 12, 13). */
    record KeysDeleted(GkmpGroupId group) implements Event {}

    /** The controller received a member's deletion acknowledgement and updated the group definition (state 9). */
    record MemberDeleted(GkmpGroupId group, EntityId member) implements Event {}

    /** Group operations switched to an alternative group (state 13). */
    record OperationsSwitched(GkmpGroupId from, GkmpGroupId to) implements Event {}

    /** The rekey interval (sec. 3.2, "life span of group key") of the group's current keys has passed. */
    record RekeyDue(GkmpGroupId group, KeyId gtekId) implements Event {}

    /** A newer CRL was verified and installed. */
    record CrlInstalled(long version) implements Event {}
}
