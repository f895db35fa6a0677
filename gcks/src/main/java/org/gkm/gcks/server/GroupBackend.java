package org.gkm.gcks.server;

import org.gkm.crypto.PublicKey;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.store.MessagesSince;

/**
 * One group's key server as the GCKS process sees it: membership changes that return only once
 * committed, and the reads registration and resync need. The GCKS calls it under its own per-group
 * lock, so an implementation need not order concurrent callers itself, but must be safe to read
 * ({@link #messagesSince}) from other threads.
 *
 * <p>The commit rule: {@link #join}, {@link #leave}, {@link #batch} and {@link #changeTek} return a
 * {@link CommittedRekey} only after the change and its sealed message are committed; the GCKS then
 * acknowledges the requester, then publishes. A durable implementation is a thin adapter over the
 * rekey engine's durable group server (its committed rekey carries the same fields); the in-memory
 * one ({@link InMemoryGroupBackend}) commits to memory.
 */
public interface GroupBackend extends AutoCloseable {
    /** The engine's group id (inside every rekey message). */
    GroupId group();

    GroupPolicy policy();

    /** Adds a member with {@code joiner}'s client keys (an LKH join rekey). */
    CommittedRekey join(ClientKeys joiner) throws BackendException;

    /** Removes tree member {@code memberId} (an LKH leave rekey). */
    CommittedRekey leave(int memberId) throws BackendException;

    /**
     * Joins and leaves as one rekey (batch LKH marking): one change record, one transaction, one
     * sealed message. The joiners' member ids are in the plan's {@code joiners()}, in the order of
     * {@code joiners}, each with its own download. All or nothing: a refusal or a failed commit
     * changes nothing.
     *
     * @throws IllegalArgumentException if there is neither a joiner nor a leaver
     */
    CommittedRekey batch(java.util.List<ClientKeys> joiners, int[] leavers) throws BackendException;

    /** A scheduled TEK change. */
    CommittedRekey changeTek() throws BackendException;

    /**
     * The view of the tree a member needs to build the removal of {@code memberId} (hybrid tree,
     * claims 13-14), signed with the GCKS's rekey signing key ({@link org.gkm.rekey.InitiatorView}).
     */
    byte[] removalView(int memberId) throws BackendException;

    /**
     * A member-initiated removal (claims 13-15): {@code requester} removes {@code target} with its
     * own sealed MEMBER_REKEY message, signed with {@code initiatorKey} (which the caller verified,
     * with {@code requester}'s grants, from the member's certificates). The key server checks the
     * privilege and every entry, then commits its re-issue of the message as it commits a leave.
     *
     * @throws BackendException {@code NOT_AUTHORIZED} (no privilege), {@code UNKNOWN_MEMBER},
     *     {@code REFUSED} (the message does not match the group's state or does not open), {@code STORE}
     */
    CommittedRekey memberRemove(Requester requester, PublicKey initiatorKey, int target, byte[] sealed) throws BackendException;

    /**
     * The report of the committed subtree root key to this group's parent (claim 18: the group is
     * a delegated subtree), its new parent leaf keys wrapped under {@code link}
     * ({@link org.gkm.rekey.delegation.DelegatedSubtree#report}): a function of the committed state,
     * so every replica gives the same bytes.
     *
     * @param parentHybrid whether the parent's tree is hybrid (its leaves then carry a private key)
     */
    org.gkm.rekey.delegation.SubtreeReport subtreeReport(org.gkm.rekey.delegation.SubtreeLink link, boolean parentHybrid);

    /** The view of the tree a member needs to build a join (the next joiner's path), signed as {@link #removalView}. */
    byte[] joinView() throws BackendException;

    /**
     * A member-initiated join (claims 13-15): {@code requester} adds a joiner whose client keys
     * {@code joiner} the GCKS generated (and holds), with its own sealed MEMBER_REKEY message signed
     * with {@code initiatorKey}; checked and committed as {@link #memberRemove}. The joiner's tree
     * member id is the plan's only joiner.
     */
    CommittedRekey memberAdd(Requester requester, PublicKey initiatorKey, ClientKeys joiner, byte[] sealed) throws BackendException;

    /**
     * Committed rekey messages after sequence {@code after}, at most {@code max}, or that they were
     * compacted away. Safe from any thread.
     */
    MessagesSince messagesSince(long after, int max) throws BackendException;

    /** The published infrastructure path of {@code memberId} as a sealed RESYNC message (public). */
    byte[] sealedPath(int memberId) throws BackendException;

    /** The client keys the GCKS holds for {@code memberId} (a copy; the caller destroys it). */
    ClientKeys clientKeys(int memberId) throws BackendException;

    /** The current Rekey SA authentication key (a copy; the caller destroys it). */
    GroupAuthKey authKey();

    /** The latest committed sequence number. */
    long sequence();

    long epoch();

    /** The engine state's fingerprint (a comparison value; reveals no key). */
    byte[] fingerprint();

    /** The key members verify rekey messages with. */
    PublicKey signingPublicKey();

    /** The current TEK's fingerprint: SHA-256 of the TEK under a label, for tests and status (reveals no key). */
    String tekFingerprint();

    /** The tree member ids of the current members (a restart reconciles the GCKS's membership records with them). */
    int[] memberIds();

    @Override
    void close();
}
