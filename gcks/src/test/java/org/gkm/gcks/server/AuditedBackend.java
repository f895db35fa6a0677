package org.gkm.gcks.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.UnknownMemberException;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.gkm.rekey.store.MessagesSince;
import org.gkm.simulator.audit.BackwardAudit;
import org.gkm.simulator.audit.ForwardAudit;

/**
 * An {@link InMemoryGroupBackend} under the simulator's access-control audits, run on every commit
 * in commit order (the GCKS calls its backend under the group's lock): before a rekey that removes
 * members, the keys each leaver holds by right join the departed coalition ({@link ForwardAudit}),
 * which then reads every later message; after a rekey that adds members, each joiner's keys read the
 * messages before its join ({@link BackwardAudit}) and its TEK is compared with every earlier one.
 * It also keeps the TEK fingerprint of every sequence and the join sequence of each tree member id,
 * so a test can place what its member agents held on the group's timeline.
 */
final class AuditedBackend implements GroupBackend {
    /** Earlier messages a joiner's keys are run against. */
    private static final int BACKWARD_WINDOW = 32;

    private final InMemoryGroupBackend inner;
    private final GroupKeyServer engine;
    private final RekeyMessageOpener opener;
    private final Map<Long, PublicKey> signers;
    private final ForwardAudit forward;
    private final BackwardAudit backward;
    /** TEK fingerprint -> the sequence from which it is the group's TEK. */
    private final Map<String, Long> tekSince = new HashMap<>();
    private final Map<Integer, Long> joinedAt = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long rekeys;
    private long joins;
    private long leaves;

    AuditedBackend(CryptoProvider provider, InMemoryGroupBackend inner) {
        this.inner = inner;
        this.engine = inner.engine();
        this.opener = new RekeyMessageOpener(provider);
        this.signers = Map.of(GroupKeyServer.GCKS_SENDER, inner.signingPublicKey());
        this.forward = new ForwardAudit(provider);
        this.backward = new BackwardAudit(provider, BACKWARD_WINDOW);
        tekSince.put(inner.tekFingerprint(), inner.sequence());
    }

    private interface Change {
        CommittedRekey run() throws BackendException;
    }

    /**
     * Takes the leavers' keys, commits, then pools the keys (a refused change pools none) and audits
     * the committed message and its joiners.
     */
    private CommittedRekey audited(int[] leavers, Change change) throws BackendException {
        List<org.gkm.rekey.MemberKeyState.HeldKeys> leaving = new ArrayList<>(leavers.length);
        for (int leaver : leavers) {
            try {
                leaving.add(engine.memberKeys(leaver, InsecureSecretAccess.get()));
            } catch (UnknownMemberException e) {
                throw new BackendException(BackendException.Reason.UNKNOWN_MEMBER, e.getMessage(), e);
            }
        }
        byte[] previousTek = engine.tek().toByteArray(InsecureSecretAccess.get());
        try {
            CommittedRekey c = change.run();
            for (org.gkm.rekey.MemberKeyState.HeldKeys k : leaving) {
                forward.departed(k);
            }
            RekeyMessage m = opener.openRequested(c.multicast(), signers).message();
            for (int j : c.plan().joiners()) {
                backward.checkJoiner(engine.memberKeys(j, InsecureSecretAccess.get()));
                joinedAt.put(j, c.sequence());
                joins++;
            }
            leaves += c.plan().leavers().length;
            forward.observe(m, engine);
            backward.record(m, previousTek);
            Long seen = tekSince.putIfAbsent(inner.tekFingerprint(), c.sequence());
            if (seen != null) {
                problems.add("the TEK of sequence " + c.sequence() + " was the TEK of sequence " + seen);
            }
            rekeys++;
            return c;
        } catch (RekeyMessageException | RekeyEngineException e) {
            throw new IllegalStateException("audit could not read committed rekey: " + e.getMessage(), e);
        } finally {
            Arrays.fill(previousTek, (byte) 0);
        }
    }

    @Override
    public synchronized CommittedRekey join(ClientKeys joiner) throws BackendException {
        return audited(new int[0], () -> inner.join(joiner));
    }

    @Override
    public synchronized CommittedRekey leave(int memberId) throws BackendException {
        return audited(new int[] {memberId}, () -> inner.leave(memberId));
    }

    @Override
    public synchronized CommittedRekey batch(List<ClientKeys> joiners, int[] leavers) throws BackendException {
        int[] ls = leavers.clone();
        return audited(ls, () -> inner.batch(joiners, ls));
    }

    @Override
    public synchronized CommittedRekey changeTek() throws BackendException {
        return audited(new int[0], inner::changeTek);
    }

    @Override
    public synchronized byte[] joinView() throws BackendException {
        return inner.joinView();
    }

    @Override
    public synchronized CommittedRekey memberAdd(org.gkm.rekey.Requester requester, PublicKey initiatorKey, ClientKeys joiner,
            byte[] sealed) throws BackendException {
        return audited(new int[0], () -> inner.memberAdd(requester, initiatorKey, joiner, sealed));
    }

    @Override
    public synchronized byte[] removalView(int memberId) throws BackendException {
        return inner.removalView(memberId);
    }

    @Override
    public synchronized CommittedRekey memberRemove(org.gkm.rekey.Requester requester, PublicKey initiatorKey, int target,
            byte[] sealed) throws BackendException {
        return audited(new int[] {target}, () -> inner.memberRemove(requester, initiatorKey, target, sealed));
    }

    // ------------------------------------------------------------------ what the test reads

    synchronized long forwardViolations() {
        return forward.violations();
    }

    synchronized long departedAudited() {
        return forward.departedMembers();
    }

    synchronized long backwardViolations() {
        return backward.violations();
    }

    synchronized long joinersAudited() {
        return backward.joinersChecked();
    }

    /** The sequence from which the TEK of fingerprint {@code tek} was the group's TEK, or null if it never was. */
    synchronized Long tekSince(String tek) {
        return tekSince.get(tek);
    }

    /** The sequence of the rekey that last joined tree member {@code memberId}, or null. */
    synchronized Long joinedAt(int memberId) {
        return joinedAt.get(memberId);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    synchronized long rekeys() {
        return rekeys;
    }

    synchronized long joins() {
        return joins;
    }

    synchronized long leaves() {
        return leaves;
    }

    // ------------------------------------------------------------------ delegated

    @Override
    public GroupId group() {
        return inner.group();
    }

    @Override
    public GroupPolicy policy() {
        return inner.policy();
    }

    @Override
    public MessagesSince messagesSince(long after, int max) throws BackendException {
        return inner.messagesSince(after, max);
    }

    @Override
    public byte[] sealedPath(int memberId) throws BackendException {
        return inner.sealedPath(memberId);
    }

    @Override
    public ClientKeys clientKeys(int memberId) throws BackendException {
        return inner.clientKeys(memberId);
    }

    @Override
    public org.gkm.rekey.delegation.SubtreeReport subtreeReport(org.gkm.rekey.delegation.SubtreeLink link, boolean parentHybrid) {
        return inner.subtreeReport(link, parentHybrid);
    }

    @Override
    public GroupAuthKey authKey() {
        return inner.authKey();
    }

    @Override
    public long sequence() {
        return inner.sequence();
    }

    @Override
    public long epoch() {
        return inner.epoch();
    }

    @Override
    public byte[] fingerprint() {
        return inner.fingerprint();
    }

    @Override
    public PublicKey signingPublicKey() {
        return inner.signingPublicKey();
    }

    @Override
    public String tekFingerprint() {
        return inner.tekFingerprint();
    }

    @Override
    public int[] memberIds() {
        return inner.memberIds();
    }

    @Override
    public void close() {
        inner.close();
    }
}
