package org.gkm.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.gkm.crypto.CryptoException;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.InsecureSecretAccess;
import org.gkm.crypto.KeyPair;
import org.gkm.crypto.KeyType;
import org.gkm.crypto.PrivateKey;
import org.gkm.crypto.PublicKey;
import org.gkm.rekey.ClientKeys;
import org.gkm.rekey.EngineRandom;
import org.gkm.rekey.EntryIndex;
import org.gkm.rekey.GroupKeyServer;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.MemberInitiator;
import org.gkm.rekey.MemberKeyState;
import org.gkm.rekey.OutOfSyncException;
import org.gkm.rekey.Privilege;
import org.gkm.rekey.Rekey;
import org.gkm.rekey.RekeyEngineException;
import org.gkm.rekey.RekeyStats;
import org.gkm.rekey.Requester;
import org.gkm.rekey.message.GroupAuthKey;
import org.gkm.rekey.message.GroupId;
import org.gkm.rekey.message.OpenedRekeyMessage;
import org.gkm.rekey.message.RekeyMessage;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.RekeyMessageOpener;
import org.gkm.rekey.message.RekeyMessageSealer;
import org.gkm.simulator.audit.BackwardAudit;
import org.gkm.simulator.audit.ForwardAudit;

/**
 * Plays a whole group in-process: a GCKS with its key tree, member states, membership events
 * through the real rekey messages (codec, MAC, signature), missed messages and resync, and checks
 * convergence plus forward and backward access control after every rekey.
 *
 * <p>How (docs/rekey-engine.md, "Simulation"): the group of N members is built in bulk; the
 * verified members (all, or a random sample) get their state from the published infrastructure
 * (their path views). Events are drawn from {@code seed} (keys come from the provider's CSPRNG);
 * B = 1 plays single owner- or member-initiated joins and leaves. B > 1 plays batch rekeys computed
 * by the GCKS: requested by the owner ({@code OWNER}) or by a privileged member ({@code MEMBER});
 * with {@code MIXED} each event is drawn owner- or member-initiated, the owner's events are batched
 * B at a time and the member-initiated ones run as they are drawn, each a single rekey computed and
 * signed by the initiating member, between the batches (member-initiated operations are single by
 * design). Every {@value #TEK_CHANGE_EVERY}th rekey is a scheduled TEK change. Every sealed message
 * is opened once through the real envelope (size, MAC, signature, strict decode), then fully
 * re-opened by a rotating few verified members and applied by the others from the verified decode
 * (the checks are identical per member; repeating them 10^4 times would only multiply time). Each verified member misses a message with probability 1/{@value
 * #MISS_ONE_IN}, detects the gap on the next one and resyncs from its path view. After every
 * rekey: convergence (every verified member's TEK equals the GCKS's), forward access (the coalition
 * of all departed members, {@link ForwardAudit}) and backward access (joiners against the earlier
 * messages and TEKs, {@link BackwardAudit}; at most {@value #BACKWARD_CHECKS_PER_REKEY} joiners per
 * rekey).
 */
public final class GroupSimulation {
    static final int TEK_CHANGE_EVERY = 8;
    static final int MISS_ONE_IN = 64;
    static final int FULL_OPENS_PER_MESSAGE = 4;
    static final int BACKWARD_CHECKS_PER_REKEY = 32;
    static final int BACKWARD_WINDOW = 8;

    private final CryptoProvider p;
    private final SimulationConfig c;
    private final SplittableRandom events;
    private final EngineRandom keys;
    private final GroupPolicy policy;
    private final GroupKeyServer gcks;
    private final RekeyMessageSealer gcksSealer;
    private final PublicKey gcksKey;
    private final Map<Long, PublicKey> signers;
    private final Map<Integer, RekeyMessageSealer> initiatorSealers = new HashMap<>();
    private final RekeyMessageOpener opener;
    private final MemberInitiator initiator;
    private final ForwardAudit forward;
    private final BackwardAudit backward;
    private final Map<Integer, MemberKeyState> verified = new HashMap<>();
    private final Map<Integer, ClientKeys> verifiedClients = new HashMap<>();
    private final List<Integer> verifiedIds = new ArrayList<>();
    private int[] current;
    private int currentCount;
    private int[] position;
    private long rekeys;
    private long tekChanges;
    private long memberRekeys;
    private long multicastBytes;
    private long rekeyNanos;
    private long convergenceFailures;
    private int fullOpenCursor;
    private final RekeyStats initiatorStats;
    private byte[] lastTek;

    private GroupSimulation(CryptoProvider p, SimulationConfig c) {
        this.p = p;
        this.c = c;
        this.events = new SplittableRandom(c.seed());
        this.keys = EngineRandom.of(p);
        GroupPolicy pol = GroupPolicy.defaults().withDegree(c.degree()).withTreeMode(c.tree())
                .withTekChange((c.seed() & 1) == 0 ? GroupPolicy.TekChangeMode.REVISION : GroupPolicy.TekChangeMode.VERSION);
        if (c.initiator() != Initiator.OWNER) {
            pol = pol.withMemberPrivileges(EnumSet.of(Privilege.ADD_MEMBER, Privilege.REMOVE_MEMBER));
        }
        this.policy = pol;
        this.gcks = GroupKeyServer.create(p, policy, GroupId.of("gkm-simulation"), keys, c.members(), 1);
        KeyPair signing = p.keys().generate(KeyType.ED25519);
        this.gcksSealer = new RekeyMessageSealer(p, policy.signatureAlgorithm(), signing.privateKey(), 0);
        this.gcksKey = signing.publicKey();
        this.signers = Map.of(GroupKeyServer.GCKS_SENDER, gcksKey); // members trust the GCKS's key only
        this.opener = new RekeyMessageOpener(p);
        this.initiator = new MemberInitiator(p, keys);
        this.initiatorStats = initiator.stats();
        this.forward = new ForwardAudit(p);
        this.backward = new BackwardAudit(p, BACKWARD_WINDOW);
        this.current = new int[Math.max(16, c.members())];
        this.position = new int[Math.max(16, c.members())];
        for (int m = 0; m < c.members(); m++) {
            addCurrent(m);
        }
    }

    /** Runs {@code config} on {@code provider}, reporting progress to {@code listener}. */
    public static SimulationReport run(CryptoProvider provider, SimulationConfig config, SimulationListener listener) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        long t0 = System.nanoTime();
        GroupSimulation s = new GroupSimulation(provider, config);
        try {
            s.setUpVerified();
            s.lastTek = s.gcks.tek().toByteArray(InsecureSecretAccess.get());
            s.play(listener);
            s.finalCheck();
        } catch (RekeyEngineException | RekeyMessageException | CryptoException e) {
            throw new IllegalStateException("simulation failed: " + e.getMessage(), e);
        }
        return s.report((System.nanoTime() - t0) / 1e9);
    }

    private void setUpVerified() throws RekeyEngineException, RekeyMessageException {
        int n = c.members();
        int want = Math.min(n, c.verifySample());
        int[] ids;
        if (want == n) {
            ids = new int[n];
            for (int i = 0; i < n; i++) {
                ids[i] = i;
            }
        } else {
            // partial Fisher-Yates over 0..n-1: a uniform sample without replacement
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            for (int i = 0; i < want; i++) {
                int j = i + events.nextInt(n - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            ids = Arrays.copyOf(all, want);
        }
        for (int m : ids) {
            ClientKeys ck = gcks.clientKeys(m);
            GroupAuthKey auth = gcks.authKey();
            byte[] view = gcksSealer.seal(gcks.pathView(m, false).toResyncMessage(), auth);
            verified.put(m, MemberKeyState.fromDownload(p, policy, gcks.group(), gcks.epoch(), m, ck, auth, gcksKey, view));
            verifiedClients.put(m, ck);
            verifiedIds.add(m);
        }
    }

    private void play(SimulationListener listener) throws RekeyEngineException, RekeyMessageException, CryptoException {
        int done = 0;
        int total = c.events();
        listener.progress(0, total);
        while (done < total) {
            int b = Math.min(c.batch(), total - done);
            if (b == 1) {
                single();
                done++;
                scheduledTekChange();
            } else if (c.initiator() == Initiator.MIXED) {
                done = mixedRound(b, done, total, listener);
            } else {
                batch(b, c.initiator() == Initiator.MEMBER);
                done += b;
                scheduledTekChange();
            }
            listener.progress(done, total);
        }
    }

    /**
     * One round of {@code MIXED} with B > 1, from {@code done} events played: draws events until
     * {@code b} of them are the owner's (or none are left), running each member-initiated one at once
     * as a single rekey, then the owner's as one batch. Returns the events played after the round.
     */
    private int mixedRound(int b, int done, int total, SimulationListener listener)
            throws RekeyEngineException, RekeyMessageException, CryptoException {
        int owner = 0;
        int played = done;
        while (owner < b && played < total) {
            played++;
            if (memberInitiates() && currentCount >= 2) {
                single(drawJoin(), true);
                scheduledTekChange();
                listener.progress(played - owner, total); // the owner's drawn events are not played yet
            } else {
                owner++;
            }
        }
        if (owner > 0) {
            batch(owner, false);
            scheduledTekChange();
        }
        return played;
    }

    /** The GCKS's scheduled TEK change, a rekey of its own, after every {@code TEK_CHANGE_EVERY - 1} rekeys. */
    private void scheduledTekChange() throws RekeyEngineException, RekeyMessageException {
        if (rekeys % TEK_CHANGE_EVERY == TEK_CHANGE_EVERY - 1) {
            long t = System.nanoTime();
            tekChanges++;
            Rekey r = gcks.changeTek(Requester.owner());
            byte[] sealed = gcksSealer.seal(r.message(), r.authKey());
            rekeyNanos += System.nanoTime() - t;
            deliver(r, sealed, List.of());
        }
    }

    private boolean drawJoin() {
        if (currentCount <= 1) {
            return true;
        }
        return events.nextInt(c.joinWeight() + c.leaveWeight()) < c.joinWeight();
    }

    private boolean memberInitiates() {
        return c.initiator() == Initiator.MEMBER || (c.initiator() == Initiator.MIXED && events.nextBoolean());
    }

    private void single() throws RekeyEngineException, RekeyMessageException, CryptoException {
        boolean join = drawJoin();
        single(join, memberInitiates() && currentCount >= 2);
    }

    /** One join or leave in a rekey of its own, by a random other member ({@code byMember}) or the owner. */
    private void single(boolean join, boolean byMember) throws RekeyEngineException, RekeyMessageException, CryptoException {
        if (byMember) {
            memberRekeys++;
        }
        if (join) {
            ClientKeys ck = ClientKeys.generate(keys, policy.hybrid());
            if (byMember) {
                int who = pickInitiator(-1);
                PublicKey pub = p.keys().publicKey(PrivateKey.decode(KeyType.X25519,
                        ck.clientPrivateKey().toByteArray(InsecureSecretAccess.get())));
                long t = System.nanoTime();
                RekeyMessage m = initiator.add(gcks, who, heldKeys(who), pub);
                Rekey r = gcks.ingestAdd(Requester.member(who), ck, sealerFor(who).seal(m, gcks.authKey()));
                byte[] sealed = gcksSealer.seal(r.message(), r.authKey()); // the GCKS re-issues it to the members
                rekeyNanos += System.nanoTime() - t;
                deliver(r, sealed, List.of(ck));
            } else {
                long t = System.nanoTime();
                Rekey r = gcks.join(Requester.owner(), ck);
                byte[] sealed = gcksSealer.seal(r.message(), r.authKey());
                rekeyNanos += System.nanoTime() - t;
                deliver(r, sealed, List.of(ck));
            }
        } else {
            int target = current[events.nextInt(currentCount)];
            departing(target);
            if (byMember) {
                int who = pickInitiator(target);
                long t = System.nanoTime();
                RekeyMessage m = initiator.remove(gcks, who, heldKeys(who), target);
                Rekey r = gcks.ingestRemove(Requester.member(who), target, sealerFor(who).seal(m, gcks.authKey()));
                byte[] sealed = gcksSealer.seal(r.message(), r.authKey()); // the GCKS re-issues it to the members
                rekeyNanos += System.nanoTime() - t;
                deliver(r, sealed, List.of());
            } else {
                long t = System.nanoTime();
                Rekey r = gcks.leave(Requester.owner(), target);
                byte[] sealed = gcksSealer.seal(r.message(), r.authKey());
                rekeyNanos += System.nanoTime() - t;
                deliver(r, sealed, List.of());
            }
        }
    }

    /** A batch rekey of {@code b} events computed by the GCKS, requested by a privileged member or the owner. */
    private void batch(int b, boolean memberRequests) throws RekeyEngineException, RekeyMessageException, CryptoException {
        List<ClientKeys> joiners = new ArrayList<>();
        int[] leavers = new int[b];
        int nl = 0;
        int remaining = currentCount;
        Map<Integer, Boolean> picked = new HashMap<>();
        for (int i = 0; i < b; i++) {
            if (remaining > 1 && !drawJoin()) {
                int target;
                do {
                    target = current[events.nextInt(currentCount)];
                } while (picked.containsKey(target));
                picked.put(target, Boolean.TRUE);
                leavers[nl++] = target;
                remaining--;
            } else {
                joiners.add(ClientKeys.generate(keys, policy.hybrid()));
            }
        }
        leavers = Arrays.copyOf(leavers, nl);
        for (int m : leavers) {
            departing(m);
        }
        Requester req = Requester.owner();
        if (memberRequests) {
            int who = pickInitiatorExcluding(picked);
            if (who >= 0) {
                req = Requester.member(who);
            }
        }
        long t = System.nanoTime();
        Rekey r = gcks.batch(req, joiners, leavers);
        byte[] sealed = gcksSealer.seal(r.message(), r.authKey());
        rekeyNanos += System.nanoTime() - t;
        deliver(r, sealed, joiners);
    }

    /** Audit hook before a member leaves: pool its keys into the departed coalition. */
    private void departing(int member) throws RekeyEngineException {
        forward.departed(gcks.memberKeys(member, InsecureSecretAccess.get()));
        MemberKeyState s = verified.get(member);
        if (s != null) {
            forward.departed(s.heldKeys(InsecureSecretAccess.get()));
        }
    }

    /** Delivers one rekey: envelope once, members, joiners, audits, convergence. */
    private void deliver(Rekey r, byte[] sealed, List<ClientKeys> joinerKeys)
            throws RekeyEngineException, RekeyMessageException {
        rekeys++;
        multicastBytes += sealed.length;
        byte[] previousTek = lastTek;
        OpenedRekeyMessage opened = opener.open(sealed, r.authKey(), signers);
        RekeyMessage m = opened.message();
        EntryIndex idx = EntryIndex.of(opened);
        for (int leaver : r.plan().leavers()) {
            removeCurrent(leaver);
            if (verified.remove(leaver) != null) {
                verifiedClients.remove(leaver);
                verifiedIds.remove(Integer.valueOf(leaver));
            }
        }
        int full = 0;
        int n = verifiedIds.size();
        for (int k = 0; k < n; k++) {
            int id = verifiedIds.get(k);
            MemberKeyState s = verified.get(id);
            if (events.nextInt(MISS_ONE_IN) == 0) {
                continue; // this member missed the message
            }
            try {
                if (full < FULL_OPENS_PER_MESSAGE && (k + fullOpenCursor) % Math.max(1, n / FULL_OPENS_PER_MESSAGE) == 0) {
                    full++;
                    s.process(sealed);
                } else {
                    s.accept(idx);
                }
            } catch (OutOfSyncException gap) {
                // missed earlier messages: rebuild from the published infrastructure (RFC 4046 sec. 5.3)
                s.resync(gcksSealer.seal(gcks.pathView(id, false).toResyncMessage(), gcks.authKey()));
            }
        }
        fullOpenCursor++;
        int[] joined = r.plan().joiners();
        int checked = 0;
        for (int j = 0; j < joined.length; j++) {
            int id = joined[j];
            addCurrent(id);
            boolean verify = c.verifySample() >= c.members() || verified.size() < c.verifySample();
            if (verify && j < joinerKeys.size()) {
                byte[] download = sealed;
                for (Rekey.Download d : r.downloads()) {
                    if (d.memberId() == id) {
                        download = gcksSealer.seal(d.message(), r.authKey());
                    }
                }
                // registration gave the joiner the key current before this rekey
                MemberKeyState s = MemberKeyState.fromDownload(p, policy, gcks.group(), gcks.epoch(), id, joinerKeys.get(j),
                        r.authKey(), gcksKey, download);
                verified.put(id, s);
                verifiedClients.put(id, joinerKeys.get(j));
                verifiedIds.add(id);
            }
            if (checked < BACKWARD_CHECKS_PER_REKEY) {
                backward.checkJoiner(gcks.memberKeys(id, InsecureSecretAccess.get()));
                checked++;
            }
        }
        forward.observe(m, gcks);
        backward.record(m, previousTek);
        byte[] tek = gcks.tek().toByteArray(InsecureSecretAccess.get());
        lastTek = tek.clone();
        for (MemberKeyState s : verified.values()) {
            if (!s.tekId().equals(gcks.tekId()) && s.sequence() < gcks.sequence()) {
                continue; // missed this very message: it will detect the gap on the next one
            }
            if (!s.tekId().equals(gcks.tekId()) || !Arrays.equals(tek, s.tek().toByteArray(InsecureSecretAccess.get()))) {
                convergenceFailures++;
            }
        }
        Arrays.fill(tek, (byte) 0);
    }

    /** Members that missed the last messages resync, then every verified member must hold the GCKS's TEK. */
    private void finalCheck() throws RekeyEngineException, RekeyMessageException {
        byte[] tek = gcks.tek().toByteArray(InsecureSecretAccess.get());
        for (Map.Entry<Integer, MemberKeyState> e : verified.entrySet()) {
            MemberKeyState s = e.getValue();
            if (s.sequence() < gcks.sequence()) {
                s.resync(gcksSealer.seal(gcks.pathView(e.getKey(), false).toResyncMessage(), gcks.authKey()));
            }
            if (!s.tekId().equals(gcks.tekId()) || !Arrays.equals(tek, s.tek().toByteArray(InsecureSecretAccess.get()))) {
                convergenceFailures++;
            }
        }
        Arrays.fill(tek, (byte) 0);
    }

    private MemberKeyState.HeldKeys heldKeys(int member) throws RekeyEngineException {
        MemberKeyState s = verified.get(member);
        if (s != null && s.sequence() == gcks.sequence()) {
            return s.heldKeys(InsecureSecretAccess.get());
        }
        return gcks.memberKeys(member, InsecureSecretAccess.get()); // an unverified member's (up-to-date) keys
    }

    /** A random current member other than {@code exclude}, preferring verified members with current state. */
    private int pickInitiator(int exclude) {
        for (int tries = 0; tries < 8 && !verifiedIds.isEmpty(); tries++) {
            int id = verifiedIds.get(events.nextInt(verifiedIds.size()));
            if (id != exclude && verified.get(id).sequence() == gcks.sequence()) {
                return id;
            }
        }
        int id;
        do {
            id = current[events.nextInt(currentCount)];
        } while (id == exclude);
        return id;
    }

    private int pickInitiatorExcluding(Map<Integer, Boolean> leaving) {
        for (int tries = 0; tries < 16; tries++) {
            int id = current[events.nextInt(currentCount)];
            if (!leaving.containsKey(id)) {
                return id;
            }
        }
        return -1;
    }

    /** The member's initiator sealer; its key certified at the GCKS (GKMP would issue the certificate). */
    private RekeyMessageSealer sealerFor(int member) throws RekeyEngineException {
        RekeyMessageSealer s = initiatorSealers.get(member);
        if (s == null || !gcks.isCertifiedInitiator(member)) {
            KeyPair kp = p.keys().generate(KeyType.ED25519);
            s = new RekeyMessageSealer(p, policy.signatureAlgorithm(), kp.privateKey(), MemberInitiator.senderId(member));
            initiatorSealers.put(member, s);
            gcks.certifyInitiator(member, kp.publicKey());
        }
        return s;
    }

    private void addCurrent(int m) {
        if (currentCount == current.length) {
            current = Arrays.copyOf(current, currentCount + (currentCount >>> 2) + 16);
        }
        if (m >= position.length) {
            position = Arrays.copyOf(position, Math.max(m + 1, position.length + (position.length >>> 2) + 16));
        }
        position[m] = currentCount;
        current[currentCount++] = m;
    }

    private void removeCurrent(int m) {
        int i = position[m];
        int last = current[--currentCount];
        current[i] = last;
        position[last] = i;
    }

    private SimulationReport report(double elapsed) {
        RekeyStats st = new RekeyStats();
        st.add(gcks.stats());
        st.add(initiatorStats);
        double secs = rekeyNanos / 1e9;
        int members = gcks.tree().memberCount();
        return new SimulationReport(p.name(), c.tree() == GroupPolicy.TreeMode.HYBRID ? "hybrid" : "symmetric", members,
                c.degree(), c.events(), rekeys, tekChanges, memberRekeys, st.wraps(), st.hpkeSeals() + st.hpkeOpens(), multicastBytes,
                secs > 0 ? rekeys / secs : 0.0, st.wraps() > 0 ? (double) st.wrapNanos() / st.wraps() : 0.0,
                members > 0 ? (double) gcks.tree().memoryBytes() / members : 0.0, verified.size(), forward.violations(),
                backward.violations(), convergenceFailures == 0, elapsed);
    }
}
