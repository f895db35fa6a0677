package org.gkm.gkmp;

import static org.gkm.gkmp.World.CMD;
import static org.gkm.gkmp.World.G1;
import static org.gkm.gkmp.World.G2;
import static org.gkm.gkmp.World.GC;
import static org.gkm.gkmp.World.M1;
import static org.gkm.gkmp.World.M2;
import static org.gkm.gkmp.World.M3;
import static org.gkm.gkmp.World.M4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.gkm.crypto.SignatureAlgorithm;
import org.gkm.gkmp.engine.GkmpNode;
import org.gkm.gkmp.engine.OutboundHook;
import org.gkm.gkmp.engine.Report;
import org.gkm.gkmp.log.LogEntry;
import org.gkm.gkmp.message.Codec;
import org.gkm.gkmp.message.Header;
import org.gkm.gkmp.message.Inner;
import org.gkm.gkmp.message.MessageType;
import org.gkm.gkmp.message.Messages;
import org.gkm.gkmp.message.Request;
import org.gkm.gkmp.pki.GroupAction;
import org.gkm.gkmp.pki.GroupToken;
import org.gkm.gkmp.pki.JoinPolicy;
import org.gkm.gkmp.pki.PermissionCertificate;
import org.gkm.gkmp.pki.Permissions;
import org.gkm.gkmp.pki.Role;
import org.gkm.gkmp.pki.SecurityManagerAuthority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.gkm.crypto.testing.TestProviders;

/**
 * For the checks of every state of RFC 2093 section 5, a run where exactly that check fails, and
 * what the failure does, which depends on whether the frame was authenticated as its sender's and
 * fresh when the check failed:
 * <ul>
 *   <li>{@link Disposition#TERMINATES}: an authenticated failure from the peer. The report
 *   ({@link org.gkm.gkmp.engine.Event.Terminated}) names the check and the state, the exchange is
 *   over, and the target's log records the termination;</li>
 *   <li>{@link Disposition#REJECTED}: the frame could be a forgery or a replay. The rejection names
 *   the check and the state, nothing is terminated or logged one by one (the check's counter goes
 *   up and the log has a summary), and the exchange, if any, ends only by its timeout.</li>
 * </ul>
 * Either way no key was installed (the named node's keys for the group are what they were before)
 * and every log verifies. Both providers.
 */
class NegativeChecksTest {
    /** What must be unchanged after the failure: {@code holder}'s keys for {@code group}. */
    record Expect(EntityId holder, GkmpGroupId group, String fingerprint) {}

    interface Scenario {
        Expect run(World w) throws Exception;
    }

    enum Disposition { TERMINATES, REJECTED }

    record Case(String name, EntityId target, int state, Check check, Disposition disposition, Scenario scenario) {
        @Override
        public String toString() {
            return "state " + state + " " + check + " " + disposition + ": " + name;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String p : TestProviders.names()) {
            for (Case c : all()) {
                out.add(Arguments.of(p, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void checkFailureIsTerminatedOrRejectedAndInstallsNothing(String provider, Case c) throws Exception {
        World w = new World(TestProviders.get(provider));
        Expect expect = c.scenario().run(w);
        GkmpNode target = w.node(c.target());
        List<Report> terminated = w.net.reports(c.target()).stream().filter(x -> x.check() == c.check()).toList();
        List<Report> rejected = w.net.rejections(c.target()).stream().filter(x -> x.check() == c.check()).toList();
        List<LogEntry> log = target.log().entries();
        boolean logged = log.stream().anyMatch(e -> e.action().equals("TERMINATED") && e.detail().contains("check " + c.check()));
        if (c.disposition() == Disposition.TERMINATES) {
            assertFalse(terminated.isEmpty(), "no " + c.check() + " termination at " + c.target() + "; reports: "
                    + w.net.reports(c.target()) + ", rejections: " + w.net.rejections(c.target()));
            assertEquals(c.state(), terminated.get(0).state(), "state of " + terminated.get(0));
            assertEquals(List.of(), rejected, "also rejected");
            assertTrue(logged, "log does not record the termination");
        } else {
            assertFalse(rejected.isEmpty(), "no " + c.check() + " rejection at " + c.target() + "; reports: "
                    + w.net.reports(c.target()) + ", rejections: " + w.net.rejections(c.target()));
            assertEquals(c.state(), rejected.get(0).state(), "state of " + rejected.get(0));
            assertEquals(List.of(), terminated, "a frame that may be forged or replayed terminated an exchange");
            assertFalse(logged, "a rejected frame was logged one by one");
            assertTrue(target.rejections().getOrDefault(c.check(), 0L) >= rejected.size(), "not counted: " + target.rejections());
            assertTrue(log.stream().anyMatch(e -> e.action().equals("REJECTED") && e.detail().contains(c.check().name())),
                    "no rejection summary in the log");
            // the exchange (if any) was left alone and ends by its timeout
            w.net.tick(w.net.now + 60_000);
        }
        assertEquals(0, target.openExchanges(), "exchange still open at " + c.target());
        assertEquals(expect.fingerprint(), w.node(expect.holder()).keyFingerprint(expect.group()),
                "keys changed at " + expect.holder() + " for " + expect.group());
        w.assertLogsVerify();
    }

    // ---- helpers ----

    static String fp(World w, EntityId id, GkmpGroupId g) {
        return w.node(id).keyFingerprint(g);
    }

    static OutboundHook replacing(EntityId unused, MessageType type, java.util.function.UnaryOperator<Object> f) {
        return new OutboundHook() {
            @Override
            public Object replace(MessageType t, EntityId peer, Object inner) {
                return t == type ? f.apply(inner) : inner;
            }
        };
    }

    static OutboundHook badInnerSignature(MessageType type) {
        return new OutboundHook() {
            @Override
            public byte[] replaceSignature(MessageType t, byte[] sig) {
                if (t != type) {
                    return sig;
                }
                byte[] s = sig.clone();
                s[5] ^= 1;
                return s;
            }
        };
    }

    static Inner.GroupTerms withToken(Object o, GroupToken t) {
        Inner.GroupTerms g = (Inner.GroupTerms) o;
        return new Inner.GroupTerms(t, g.controllerPermissions(), g.crlVersion());
    }

    static Inner.GroupTerms withPc(Object o, PermissionCertificate pc) {
        Inner.GroupTerms g = (Inner.GroupTerms) o;
        return new Inner.GroupTerms(g.token(), pc, g.crlVersion());
    }

    static Inner.SignedRekey rekeyWithToken(Object o, GroupToken t) {
        Inner.SignedRekey s = (Inner.SignedRekey) o;
        return new Inner.SignedRekey(t, s.controllerPermissions(), s.controllerCert(), s.gtek(), s.gkek(), s.signature());
    }

    static GroupToken badSig(GroupToken t) {
        byte[] s = t.signature();
        s[3] ^= 1;
        return new GroupToken(t.groupId(), t.controllerId(), t.action(), t.groupPermissions(), t.rekeyIntervalSeconds(),
                t.version(), t.members(), t.joinPolicy(), t.maxMembers(), t.commanderCertificate(), s);
    }

    static Net.Interceptor onType(MessageType type, EntityId to, Net.Interceptor i) {
        return (from, dest, frame) -> Codec.decode(frame).header().type() == type && dest.equals(to) ? i.intercept(from, dest, frame) : frame;
    }

    /** Gives {@code node} the security manager's current CRL directly. */
    static void pushCrl(World w, EntityId node) {
        w.net.inject(World.SM, node, FunctionsTest.crlFrame(w, node));
        w.net.run();
    }

    static byte[] rekeyFrame(World w) {
        return w.seen(MessageType.REKEY_MULTICAST).get(0);
    }

    static GroupToken rekey(World w, GroupToken t, long v) {
        GroupToken r = w.commander.next(t, GroupAction.REKEY, v);
        w.command(r);
        return r;
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        // ---- State 1 (GC): Command_Create_Group ----
        c.add(new Case("command from a revoked commander", GC, 1, Check.CRL_SOURCE, Disposition.REJECTED, w -> {
            w.start();
            w.sm.revoke(w.net.now, CMD);
            pushCrl(w, GC);
            w.command(w.createToken(G1));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("token signature invalid", GC, 1, Check.TOKEN_SIGNATURE, Disposition.REJECTED, w -> {
            w.start();
            w.command(badSig(w.createToken(G1)));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("stale token version", GC, 1, Check.TOKEN_VERSION, Disposition.REJECTED, w -> {
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, GC, G1);
            w.command(w.commander.next(t, GroupAction.REKEY, 1));
            return new Expect(GC, G1, before);
        }));
        c.add(new Case("create for an existing group id", GC, 1, Check.GROUP_ID, Disposition.TERMINATES, w -> {
            w.start();
            w.createG1();
            String before = fp(w, GC, G1);
            w.command(w.token(G1, GroupAction.CREATE, 2, List.of(GC, M1), JoinPolicy.OPEN, 5));
            return new Expect(GC, G1, before);
        }));
        c.add(new Case("token names another controller", GC, 1, Check.CONTROLLER_ID, Disposition.REJECTED, w -> {
            w.start();
            w.command(w.commander.token(G1, M1, GroupAction.CREATE, World.GROUP_PERMS, 3600, 1, List.of(GC, M1, M2),
                    JoinPolicy.OPEN, 5));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("GC permissions below the group's", GC, 1, Check.LOCAL_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.start();
            w.command(w.commander.token(G1, GC, GroupAction.CREATE, Permissions.of(9, "ops"), 3600, 1, List.of(GC, M1),
                    JoinPolicy.OPEN, 5));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("replayed command", GC, 1, Check.REPLAY, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            String before = fp(w, GC, G1);
            w.net.inject(CMD, GC, w.seen(MessageType.COMMAND_CREATE_GROUP).get(0));
            w.net.run();
            return new Expect(GC, G1, before);
        }));
        // ---- State 2 (first member): Create_Grp_Keys_1 ----
        c.add(new Case("controller signature invalid", M1, 2, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_GRP_KEYS_1, M1, (f, t, frame) -> Forge.flipTail(frame)));
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("controller on the member's CRL", M1, 2, Check.CRL_SOURCE, Disposition.REJECTED, w -> {
            w.start();
            w.sm.revoke(w.net.now, GC);
            pushCrl(w, M1);
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("unknown request", M1, 2, Check.REQUEST_TYPE, Disposition.TERMINATES, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_GRP_KEYS_1, M1, (f, t, frame) -> Forge.resign(w.p, w.creds.get(GC), frame,
                    h -> h, b -> {
                        Messages.CreateGrpKeys1 m = (Messages.CreateGrpKeys1) b;
                        return new Messages.CreateGrpKeys1(Request.STATUS, m.gtekId(), m.gkekId(), m.gtekShare(), m.gkekShare(),
                                m.token(), m.controllerCert(), m.signature());
                    })));
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("reused key share", M1, 2, Check.KEY_SHARE_REUSED, Disposition.TERMINATES, w -> {
            w.start();
            w.createG1();
            byte[] old = w.seen(MessageType.CREATE_GRP_KEYS_1).get(0);
            w.net.inject(GC, M1, Forge.resign(w.p, w.creds.get(GC), old, h -> new Header(h.type(), G2, h.sender(), h.recipient()),
                    b -> b));
            w.net.run();
            return new Expect(M1, G2, null);
        }));
        c.add(new Case("replayed Create_Grp_Keys_1", M1, 2, Check.REPLAY, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            String before = fp(w, M1, G1);
            w.net.inject(GC, M1, w.seen(MessageType.CREATE_GRP_KEYS_1).get(0));
            w.net.run();
            return new Expect(M1, G1, before);
        }));
        c.add(new Case("controller certificate from another CA", M1, 2, Check.CERTIFICATE, Disposition.REJECTED, w -> {
            w.start();
            SecurityManagerAuthority rogue = new SecurityManagerAuthority(w.p, World.SM, SignatureAlgorithm.ED25519, World.T0);
            org.gkm.gkmp.pki.Credentials fake = rogue.enroll(GC, SignatureAlgorithm.ED25519, Role.CONTROLLER, Permissions.of(9, "ops"), World.T0);
            w.intercept(onType(MessageType.CREATE_GRP_KEYS_1, M1, (f, t, frame) -> Forge.resign(w.p, fake, frame, h -> h, b -> {
                Messages.CreateGrpKeys1 m = (Messages.CreateGrpKeys1) b;
                return new Messages.CreateGrpKeys1(m.request(), m.gtekId(), m.gkekId(), m.gtekShare(), m.gkekShare(), m.token(),
                        fake.certificate(), m.signature());
            })));
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        // ---- State 2 (GC): Create_Grp_Keys_2 ----
        c.add(new Case("member signature invalid", GC, 2, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_GRP_KEYS_2, GC, (f, t, frame) -> Forge.flipTail(frame)));
            w.command(w.createToken(G1));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("member echoes the GC's key shares", GC, 2, Check.KEY_SHARE_REUSED, Disposition.TERMINATES, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_GRP_KEYS_2, GC, (f, t, frame) -> {
                Messages.CreateGrpKeys1 k1 = (Messages.CreateGrpKeys1) Codec.decode(w.seen(MessageType.CREATE_GRP_KEYS_1).get(0)).body();
                return Forge.resign(w.p, w.creds.get(M1), frame, h -> h, b -> {
                    Messages.CreateGrpKeys2 m = (Messages.CreateGrpKeys2) b;
                    return new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), k1.gtekShare(), k1.gkekShare(), m.inReplyTo(),
                            m.memberCert(), m.signature());
                });
            }));
            w.command(w.createToken(G1));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("low-order key share", GC, 2, Check.KEY_SHARE_INVALID, Disposition.TERMINATES, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_GRP_KEYS_2, GC, (f, t, frame) -> Forge.resign(w.p, w.creds.get(M1), frame,
                    h -> h, b -> {
                        Messages.CreateGrpKeys2 m = (Messages.CreateGrpKeys2) b;
                        return new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), new byte[32], m.gkekShare(), m.inReplyTo(),
                                m.memberCert(), m.signature());
                    })));
            w.command(w.createToken(G1));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("answer to another Create_Grp_Keys_1", GC, 2, Check.OUT_OF_ORDER, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_GRP_KEYS_2, GC, (f, t, frame) -> Forge.resign(w.p, w.creds.get(M1), frame,
                    h -> h, b -> {
                        Messages.CreateGrpKeys2 m = (Messages.CreateGrpKeys2) b;
                        return new Messages.CreateGrpKeys2(m.gtekId(), m.gkekId(), m.gtekShare(), m.gkekShare(), new byte[32],
                                m.memberCert(), m.signature());
                    })));
            w.command(w.createToken(G1));
            return new Expect(GC, G1, null);
        }));
        // ---- State 3 (first member): Negotiate_Grp_Keys_1 ----
        c.add(new Case("token for another group", M1, 3, Check.GROUP_ID, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_GRP_KEYS_1, o -> withToken(o, w.createToken(G2))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("token names another controller", M1, 3, Check.CONTROLLER_ID, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_GRP_KEYS_1, o -> withToken(o, w.commander.token(G1, M2,
                    GroupAction.CREATE, World.GROUP_PERMS, 3600, 1, List.of(GC, M1), JoinPolicy.OPEN, 5))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("stale token version on rekey", M1, 3, Check.TOKEN_VERSION, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_GRP_KEYS_1, o -> {
                Inner.GroupTerms g = (Inner.GroupTerms) o;
                return g.token().action() == GroupAction.REKEY ? withToken(o, w.commander.next(g.token(), GroupAction.REKEY, 1)) : o;
            }));
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, M1, G1);
            rekey(w, t, 2);
            return new Expect(M1, G1, before);
        }));
        c.add(new Case("GC permissions below the group's", M1, 3, Check.SOURCE_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_GRP_KEYS_1,
                    o -> withPc(o, w.sm.issuePermissions(GC, Role.CONTROLLER, Permissions.of(1, "ops"), World.T0 + 1_000_000_000L))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("permission certificate of another entity", M1, 3, Check.PERMISSION_CERTIFICATE, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_GRP_KEYS_1, o -> withPc(o, w.creds.get(M2).permissions())));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("token signature invalid", M1, 3, Check.TOKEN_SIGNATURE, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_GRP_KEYS_1, o -> withToken(o, badSig(((Inner.GroupTerms) o).token()))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("member permissions below the group's", M1, 3, Check.LOCAL_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.enroll(M1, Role.MEMBER, Permissions.of(1, "ops"));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("negotiation ciphertext corrupted", M1, 3, Check.DECRYPTION, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.NEGOTIATE_GRP_KEYS_1, M1, (f, t, frame) -> Forge.flipTail(frame)));
            w.command(w.createToken(G1));
            return new Expect(M1, G1, null);
        }));
        c.add(new Case("Negotiate_Grp_Keys_1 without an exchange", M2, 3, Check.OUT_OF_ORDER, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            w.net.inject(GC, M2, Codec.encode(new Header(MessageType.NEGOTIATE_GRP_KEYS_1, G2, GC, M2),
                    new Messages.NegotiateGrpKeys1(new KeyId(1), new KeyId(2), new byte[40])));
            w.net.run();
            return new Expect(M2, G2, null);
        }));
        c.add(new Case("Create_Session_KEK_1 while creating keys", M1, 5, Check.OUT_OF_ORDER, Disposition.TERMINATES, w -> {
            w.start();
            List<byte[]> held = new ArrayList<>();
            w.intercept(onType(MessageType.NEGOTIATE_GRP_KEYS_1, M1, (f, t, frame) -> {
                held.add(frame);
                return null;
            }));
            w.command(w.createToken(G1));
            // a validly signed Create_Session_KEK_1 (from m2's distribution) readdressed to m1
            byte[] csk1 = w.seen(MessageType.CREATE_SESSION_KEK_1).isEmpty() ? null : w.seen(MessageType.CREATE_SESSION_KEK_1).get(0);
            Objects.requireNonNull(w.seen(MessageType.CREATE_GRP_KEYS_1).get(0));
            byte[] forged = Forge.resign(w.p, w.creds.get(GC), w.seen(MessageType.CREATE_GRP_KEYS_1).get(0),
                    h -> new Header(MessageType.CREATE_SESSION_KEK_1, G1, GC, M1),
                    b -> new Messages.CreateSessionKek1(Request.DISTRIBUTE_KEYS, new KeyId(77), w.p.keys().generate(
                            org.gkm.crypto.KeyType.X25519).publicKey().encoded(), w.creds.get(GC).certificate(), new byte[0]));
            assertTrue(csk1 == null, "no distribution before the first member finished");
            w.net.inject(GC, M1, forged);
            w.net.inject(GC, M1, held.get(0));
            w.net.run();
            return new Expect(M1, G1, null);
        }));
        // ---- State 4 (GC): Negotiate_Grp_Keys_2 ----
        c.add(new Case("first member permissions below the group's", GC, 4, Check.SOURCE_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.hooks.put(M1, replacing(M1, MessageType.NEGOTIATE_GRP_KEYS_2, o -> new Inner.MemberTerms(
                    w.sm.issuePermissions(M1, Role.MEMBER, Permissions.of(1), World.T0 + 1_000_000_000L), 0)));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("member presents controller permissions", GC, 4, Check.PERMISSION_CERTIFICATE, Disposition.TERMINATES, w -> {
            w.hooks.put(M1, replacing(M1, MessageType.NEGOTIATE_GRP_KEYS_2, o -> new Inner.MemberTerms(
                    w.sm.issuePermissions(M1, Role.CONTROLLER, Permissions.of(5, "ops"), World.T0 + 1_000_000_000L), 0)));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(GC, G1, null);
        }));
        c.add(new Case("first member revoked in the CRL it announces", GC, 4, Check.CRL_SOURCE, Disposition.TERMINATES, w -> {
            w.start();
            w.sm.revoke(w.net.now, M1);
            pushCrl(w, M1);
            w.command(w.createToken(G1));
            assertTrue(w.node(GC).crlVersion() == 1, "GC fetched the announced CRL");
            return new Expect(GC, G1, null);
        }));
        // ---- State 5 (other member): Create_Session_KEK_1 ----
        c.add(new Case("join answer without a join request", M2, 5, Check.REQUEST_TYPE, Disposition.TERMINATES, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_SESSION_KEK_1, M2, (f, t, frame) -> Forge.resign(w.p, w.creds.get(GC), frame,
                    h -> h, b -> {
                        Messages.CreateSessionKek1 m = (Messages.CreateSessionKek1) b;
                        return new Messages.CreateSessionKek1(Request.GROUP_JOIN, m.skekId(), m.share(), m.controllerCert(), m.signature());
                    })));
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("controller signature invalid", M2, 5, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_SESSION_KEK_1, M2, (f, t, frame) -> Forge.flipTail(frame)));
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("controller on the member's CRL", M2, 5, Check.CRL_SOURCE, Disposition.REJECTED, w -> {
            w.start();
            w.sm.revoke(w.net.now, GC);
            pushCrl(w, M2);
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        // ---- State 5 (GC): Create_Session_KEK_2 ----
        c.add(new Case("member signature invalid", GC, 5, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_SESSION_KEK_2, GC, (f, t, frame) ->
                    Codec.decode(frame).header().sender().equals(M2) ? Forge.flipTail(frame) : frame));
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("member reuses its key share", GC, 5, Check.KEY_SHARE_REUSED, Disposition.TERMINATES, w -> {
            w.start();
            w.intercept(onType(MessageType.CREATE_SESSION_KEK_2, GC, (f, t, frame) -> {
                if (!Codec.decode(frame).header().sender().equals(M2)) {
                    return frame;
                }
                Messages.CreateGrpKeys2 k2 = (Messages.CreateGrpKeys2) Codec.decode(w.seen(MessageType.CREATE_GRP_KEYS_2).get(0)).body();
                return Forge.resign(w.p, w.creds.get(M2), frame, h -> h, b -> {
                    Messages.CreateSessionKek2 m = (Messages.CreateSessionKek2) b;
                    return new Messages.CreateSessionKek2(m.skekId(), k2.gtekShare(), m.inReplyTo(), m.memberCert(), m.signature());
                });
            }));
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        // ---- State 6 (other member): Negotiate_Session_Keys_1 ----
        c.add(new Case("token names another controller", M2, 6, Check.CONTROLLER_ID, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_SESSION_KEYS_1, o -> withToken(o, w.commander.token(G1, M1,
                    GroupAction.CREATE, World.GROUP_PERMS, 3600, 1, List.of(GC, M1, M2, M3), JoinPolicy.OPEN, 5))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("token for another group", M2, 6, Check.GROUP_ID, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_SESSION_KEYS_1, o -> withToken(o, w.createToken(G2))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("GC permissions below the group's", M2, 6, Check.SOURCE_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_SESSION_KEYS_1,
                    o -> withPc(o, w.sm.issuePermissions(GC, Role.CONTROLLER, Permissions.of(2), World.T0 + 1_000_000_000L))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("token signature invalid", M2, 6, Check.TOKEN_SIGNATURE, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_SESSION_KEYS_1, o -> withToken(o, badSig(((Inner.GroupTerms) o).token()))));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("member permissions below the group's", M2, 6, Check.LOCAL_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.enroll(M2, Role.MEMBER, Permissions.of(2, "intel"));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("announced CRL version the security manager never published", M2, 6, Check.CRL_UPDATE, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_SESSION_KEYS_1, o -> {
                Inner.GroupTerms g = (Inner.GroupTerms) o;
                return new Inner.GroupTerms(g.token(), g.controllerPermissions(), 5);
            }));
            w.start();
            w.command(w.createToken(G1));
            // the security manager answers with the CRL it has (v0); m2 waits for v5 until its deadline
            w.net.tick(w.net.now + 60_000);
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("controller revoked in the fetched CRL", M2, 6, Check.CRL_SOURCE, Disposition.TERMINATES, w -> {
            w.start();
            w.sm.revoke(w.net.now, GC);
            // The GC learns CRL v1 (which lists it) only after the first member finished, so m2
            // fetches v1 when the GC announces it, and then finds the GC on it.
            w.intercept(onType(MessageType.NEGOTIATE_SESSION_KEYS_1, M2, (f, t, frame) -> frame));
            w.intercept(onType(MessageType.CREATE_SESSION_KEK_1, M2, (f, t, frame) -> {
                if (w.node(GC).crlVersion() == 0) {
                    w.net.inject(World.SM, GC, FunctionsTest.crlFrame(w, GC));
                }
                return frame;
            }));
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("distribution with a token older than one seen", M2, 6, Check.TOKEN_VERSION, Disposition.TERMINATES, w -> {
            java.util.concurrent.atomic.AtomicReference<GroupToken> old = new java.util.concurrent.atomic.AtomicReference<>();
            w.hooks.put(GC, replacing(GC, MessageType.NEGOTIATE_SESSION_KEYS_1, o -> old.get() == null ? o : withToken(o, old.get())));
            w.start();
            GroupToken t = w.createG1();
            rekey(w, t, 2);
            old.set(t);
            String before = fp(w, M2, G1);
            w.net.post(GC, w.node(GC).redistribute(G1, M2, w.net.now));
            w.net.run();
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("member reuses a key share it saw", M1, 5, Check.KEY_SHARE_REUSED, Disposition.TERMINATES, w -> {
            w.start();
            w.createG1();
            Messages.CreateGrpKeys1 k1 = (Messages.CreateGrpKeys1) Codec.decode(w.seen(MessageType.CREATE_GRP_KEYS_1).get(0)).body();
            String before = fp(w, M1, G1);
            w.net.inject(GC, M1, Forge.resign(w.p, w.creds.get(GC), w.seen(MessageType.CREATE_GRP_KEYS_1).get(0),
                    h -> new Header(MessageType.CREATE_SESSION_KEK_1, G1, GC, M1),
                    b -> new Messages.CreateSessionKek1(Request.DISTRIBUTE_KEYS, new KeyId(99), k1.gtekShare(),
                            w.creds.get(GC).certificate(), new byte[0])));
            w.net.run();
            return new Expect(M1, G1, before);
        }));
        // ---- State 7 (GC): Negotiate_Session_Keys_2 ----
        c.add(new Case("member permissions below the group's", GC, 7, Check.SOURCE_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.hooks.put(M2, replacing(M2, MessageType.NEGOTIATE_SESSION_KEYS_2, o -> new Inner.MemberTerms(
                    w.sm.issuePermissions(M2, Role.MEMBER, Permissions.of(3), World.T0 + 1_000_000_000L), 0)));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("member revoked in the CRL it announces", GC, 7, Check.CRL_SOURCE, Disposition.TERMINATES, w -> {
            w.start();
            w.sm.revoke(w.net.now, M2);
            pushCrl(w, M2);
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        // ---- State 8 (other member): Download_Grp_Keys ----
        c.add(new Case("checksum of the key packet wrong", M2, 8, Check.CHECKSUM, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.DOWNLOAD_GRP_KEYS, o -> {
                Inner.KeyPacket k = (Inner.KeyPacket) o;
                byte[] sum = k.checksum().clone();
                sum[0] ^= 1;
                return new Inner.KeyPacket(k.gtekId(), k.gkekId(), k.gtek(), k.gkek(), k.treePath(), sum);
            }));
            w.start();
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("key packet ciphertext corrupted", M2, 8, Check.DECRYPTION, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.DOWNLOAD_GRP_KEYS, M2, (f, t, frame) -> Forge.flipTail(frame)));
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        c.add(new Case("download names another SKEK", M2, 8, Check.GROUP_ID, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.DOWNLOAD_GRP_KEYS, M2, (f, t, frame) -> {
                org.gkm.gkmp.message.Frame d = Codec.decode(frame);
                Messages.DownloadGrpKeys m = (Messages.DownloadGrpKeys) d.body();
                return Codec.encode(d.header(), new Messages.DownloadGrpKeys(new KeyId(m.skekId().value() + 100), m.ciphertext()));
            }));
            w.command(w.createToken(G1));
            return new Expect(M2, G1, null);
        }));
        // ---- State 9 (GC): Key_Download_Ack ----
        c.add(new Case("confirmation of decryption corrupted", GC, 9, Check.DECRYPTION, Disposition.REJECTED, w -> {
            w.start();
            w.intercept(onType(MessageType.KEY_DOWNLOAD_ACK, GC, (f, t, frame) ->
                    Codec.decode(frame).header().sender().equals(M2) ? Forge.flipTail(frame) : frame));
            w.command(w.createToken(G1));
            assertFalse(w.node(GC).members(G1).contains(M2), "GC lists a member whose confirmation failed");
            return new Expect(GC, G2, null);
        }));
        // ---- State 10 (other member): Rekey_Multicast ----
        c.add(new Case("stale token version", M2, 10, Check.TOKEN_VERSION, Disposition.REJECTED, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.REKEY_MULTICAST, o -> rekeyWithToken(o,
                    w.commander.next(((Inner.SignedRekey) o).token(), GroupAction.REKEY, 1))));
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, M2, G1);
            rekey(w, t, 2);
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("token names another controller", M2, 10, Check.CONTROLLER_ID, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.REKEY_MULTICAST, o -> rekeyWithToken(o, w.commander.token(G1, M1,
                    GroupAction.REKEY, World.GROUP_PERMS, 3600, 2, List.of(GC, M1, M2, M3), JoinPolicy.OPEN, 5))));
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, M2, G1);
            rekey(w, t, 2);
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("token for another group", M2, 10, Check.GROUP_ID, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.REKEY_MULTICAST, o -> rekeyWithToken(o,
                    w.commander.next(w.createToken(G2), GroupAction.REKEY, 2))));
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, M2, G1);
            rekey(w, t, 2);
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("GC permissions below the group's", M2, 10, Check.SOURCE_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.REKEY_MULTICAST, o -> {
                Inner.SignedRekey s = (Inner.SignedRekey) o;
                return new Inner.SignedRekey(s.token(), w.sm.issuePermissions(GC, Role.CONTROLLER, Permissions.of(1), World.T0 + 1_000_000_000L),
                        s.controllerCert(), s.gtek(), s.gkek(), s.signature());
            }));
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, M2, G1);
            rekey(w, t, 2);
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("rekey signature invalid", M2, 10, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.hooks.put(GC, badInnerSignature(MessageType.REKEY_MULTICAST));
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, M2, G1);
            rekey(w, t, 2);
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("replayed Rekey_Multicast", M2, 10, Check.REPLAY, Disposition.REJECTED, w -> {
            w.start();
            GroupToken t = w.createG1();
            rekey(w, t, 2);
            String before = fp(w, M2, G1);
            w.net.inject(GC, M2, rekeyFrame(w));
            w.net.run();
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("member permissions below the rekeyed group's", M2, 10, Check.LOCAL_PERMISSIONS, Disposition.TERMINATES, w -> {
            w.enroll(M2, Role.MEMBER, Permissions.of(3, "ops"));
            w.start();
            GroupToken t = w.createG1();
            String before = fp(w, M2, G1);
            w.command(w.commander.token(G1, GC, GroupAction.REKEY, Permissions.of(2, "intel", "ops"), 3600, 2, t.members(),
                    t.joinPolicy(), t.maxMembers()));
            return new Expect(M2, G1, before);
        }));
        // ---- State 11 (GC): Request_Group_Join ----
        c.add(new Case("join to a closed group", GC, 11, Check.JOIN_NOT_AVAILABLE, Disposition.TERMINATES, w -> {
            w.start();
            w.command(w.token(G1, GroupAction.CREATE, 1, List.of(GC, M1, M2), JoinPolicy.CLOSED, 5));
            w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
            w.net.run();
            return new Expect(M4, G1, null);
        }));
        c.add(new Case("replayed join request", GC, 11, Check.REPLAY, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
            w.net.run();
            w.assertHolds(G1, GC, M4);
            String before = fp(w, M4, G1);
            w.net.inject(M4, GC, w.seen(MessageType.REQUEST_GROUP_JOIN).get(0));
            w.net.run();
            return new Expect(M4, G1, before);
        }));
        c.add(new Case("join from a revoked member", GC, 11, Check.CRL_SOURCE, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            w.sm.revoke(w.net.now, M4);
            pushCrl(w, GC);
            w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
            w.net.run();
            return new Expect(M4, G1, null);
        }));
        c.add(new Case("join request signature invalid", GC, 11, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            w.intercept(onType(MessageType.REQUEST_GROUP_JOIN, GC, (f, t, frame) -> Forge.flipTail(frame)));
            w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
            w.net.run();
            return new Expect(M4, G1, null);
        }));
        c.add(new Case("join to an unknown group", GC, 11, Check.GROUP_ID, Disposition.TERMINATES, w -> {
            w.start();
            w.createG1();
            w.net.post(M4, w.node(M4).requestJoin(G2, GC, w.net.now));
            w.net.run();
            return new Expect(M4, G2, null);
        }));
        c.add(new Case("join request with another request code", GC, 11, Check.REQUEST_TYPE, Disposition.TERMINATES, w -> {
            w.start();
            w.createG1();
            w.intercept(onType(MessageType.REQUEST_GROUP_JOIN, GC, (f, t, frame) -> Forge.resign(w.p, w.creds.get(M4), frame,
                    h -> h, b -> {
                        Messages.RequestGroupJoin m = (Messages.RequestGroupJoin) b;
                        return new Messages.RequestGroupJoin(Request.PAIRWISE_TEK, m.nonce(), m.sentAtMillis(), m.memberCert(), m.signature());
                    })));
            w.net.post(M4, w.node(M4).requestJoin(G1, GC, w.net.now));
            w.net.run();
            return new Expect(M4, G1, null);
        }));
        // ---- State 12 (member): Delete_Group_Keys ----
        c.add(new Case("cooperative delete with the global request code", M3, 12, Check.REQUEST_TYPE, Disposition.TERMINATES, w -> {
            w.hooks.put(GC, replacing(GC, MessageType.DELETE_GROUP_KEYS, o -> {
                Inner.SignedDelete d = (Inner.SignedDelete) o;
                return new Inner.SignedDelete(Request.GLOBAL_DELETE, d.deleteList(), d.alternativeGroup(), d.nonce(), d.sentAtMillis(),
                        d.controllerCert(), d.signature());
            }));
            w.start();
            w.createG1();
            String before = fp(w, M3, G1);
            w.net.post(GC, w.node(GC).deleteMembers(G1, List.of(M3), w.net.now));
            w.net.run();
            return new Expect(M3, G1, before);
        }));
        c.add(new Case("delete signature invalid", M3, 12, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.hooks.put(GC, badInnerSignature(MessageType.DELETE_GROUP_KEYS));
            w.start();
            w.createG1();
            String before = fp(w, M3, G1);
            w.net.post(GC, w.node(GC).deleteMembers(G1, List.of(M3), w.net.now));
            w.net.run();
            return new Expect(M3, G1, before);
        }));
        c.add(new Case("replayed delete", M2, 12, Check.REPLAY, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            w.net.post(GC, w.node(GC).deleteMembers(G1, List.of(M3), w.net.now));
            w.net.run();
            String before = fp(w, M2, G1);
            w.net.inject(GC, M2, w.seen(MessageType.DELETE_GROUP_KEYS).get(0));
            w.net.run();
            return new Expect(M2, G1, before);
        }));
        c.add(new Case("replayed deletion ack", GC, 9, Check.REPLAY, Disposition.REJECTED, w -> {
            w.start();
            w.createG1();
            w.net.post(GC, w.node(GC).deleteMembers(G1, List.of(M3), w.net.now));
            w.net.run();
            String before = fp(w, GC, G1);
            w.net.inject(M3, GC, w.seen(MessageType.GRP_KEYS_DELETED_ACK).get(0));
            w.net.run();
            assertFalse(w.node(GC).members(G1).contains(M3));
            return new Expect(GC, G1, before);
        }));
        // ---- State 13 (member): Delete_Group ----
        c.add(new Case("global delete without the alternative group's keys", M4, 13, Check.ALTERNATIVE_KEY, Disposition.TERMINATES, w -> {
            w.start();
            w.command(w.token(G1, GroupAction.CREATE, 1, List.of(GC, M1, M4), JoinPolicy.CLOSED, 5));
            w.command(w.token(G2, GroupAction.CREATE, 1, List.of(GC, M1), JoinPolicy.CLOSED, 5));
            w.net.post(GC, w.node(GC).hostileDelete(G1, G2, 2, w.net.now));
            w.net.run();
            return new Expect(M4, G2, null);
        }));
        c.add(new Case("global delete signature invalid", M1, 13, Check.SOURCE_SIGNATURE, Disposition.REJECTED, w -> {
            w.hooks.put(GC, badInnerSignature(MessageType.DELETE_GROUP));
            w.start();
            w.command(w.token(G1, GroupAction.CREATE, 1, List.of(GC, M1, M4), JoinPolicy.CLOSED, 5));
            w.command(w.token(G2, GroupAction.CREATE, 1, List.of(GC, M1), JoinPolicy.CLOSED, 5));
            String before = fp(w, M1, G1);
            w.net.post(GC, w.node(GC).hostileDelete(G1, G2, 1, w.net.now));
            w.net.run();
            return new Expect(M1, G1, before);
        }));
        return c;
    }
}
