package org.gkm.gcks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.gcks.member.AgentConfig;
import org.gkm.gcks.member.AgentException;
import org.gkm.gcks.member.MemberAgent;
import org.gkm.gcks.member.ReconnectPolicy;
import org.gkm.gcks.server.admin.MemberCredential;
import org.gkm.gkmp.EntityId;
import org.gkm.rekey.data.DataSaException;
import org.gkm.rekey.data.DataSaReceiver;
import org.gkm.rekey.data.DataSaSender;
import org.gkm.rekey.data.UnknownTekException;
import org.gkm.rekey.message.TekId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gkm member}: a group member's agent as a process. Registers with the GCKS using a credential
 * file from {@code gkm admin issue}, keeps its keys current from pushed rekeys (gaps resynced by the
 * agent), and prints every TEK change. With {@code --send} it sends a numbered message every interval
 * over UDP, sealed with the Data SA helper (AES-256-GCM under a key derived from the current TEK, its
 * sender id the one the GCKS assigned at registration); with {@code --recv} it decrypts what arrives on
 * a UDP address, under the current TEK or, for the grace window after a TEK change, the previous one.
 *
 * <p>When the GCKS removes it the member says so on stderr and exits with status 3; a receiving member
 * first stays deaf for {@code --linger-ms}, printing the packets it can no longer decrypt. Other
 * failures (refused registration, GCKS gone) exit 1. SIGTERM/SIGINT close the connection and exit 0.
 *
 * <p>With {@code --remove-member ENTITY} the member registers, removes that member itself (a
 * member-initiated removal of a hybrid tree; its credential needs the {@code remove-member} right),
 * waits for the removal's rekey and exits 0; a refusal exits 1 with the GCKS's reason.
 * {@code --add-member ENTITY} adds that identity the same way ({@code add-member} right); the
 * joiner then runs {@code gkm member} with its own credential to receive its keys.
 *
 * <p>The credential of a replicated GCKS lists every replica; {@code --server} may list them too
 * ({@code H1:P1,H2:P2,...}, replacing the credential's): the
 * member registers with the leader (a replica that does not lead names it) and, when its connection
 * ends without a removal, moves to the other replicas with a random back-off and registers again,
 * printing one line per reconnect; {@code --reconnect-seconds} bounds one such move (0: exit 1 at
 * once, as with a single GCKS before).
 */
@Command(name = "member", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run a group member: register, follow rekeys, print TEK changes, send/receive Data SA traffic over UDP.")
final class MemberCommand implements Callable<Integer> {
    /** Exit status when the GCKS removed this member. */
    static final int REMOVED = 3;

    @Option(names = "--credential", required = true, paramLabel = "FILE", description = "the credential file from gkm admin issue")
    Path credential;

    @Option(names = "--server", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "the GCKS's frame address, or every replica's, comma-separated (default: the credential's, every replica's for a replicated GCKS)")
    String server;

    @Option(names = "--reconnect-seconds", paramLabel = "SECONDS",
            description = "how long one move to another replica (or back to the same GCKS) may take after a lost connection "
                    + "or a replica that does not lead; 0 turns reconnecting off (default ${DEFAULT-VALUE})",
            defaultValue = "60")
    long reconnectSeconds;

    @Option(names = "--send", paramLabel = "HOST:PORT", description = "send a Data SA message to this UDP address every interval")
    String send;

    @Option(names = "--recv", paramLabel = "HOST:PORT", description = "receive Data SA messages on this UDP address")
    String recv;

    @Option(names = "--interval-ms", description = "time between two sent messages (default ${DEFAULT-VALUE})", defaultValue = "500")
    long intervalMillis;

    @Option(names = "--grace-ms", description = "how long the previous TEK still decrypts after a change (default ${DEFAULT-VALUE})",
            defaultValue = "2000")
    long graceMillis;

    @Option(names = "--linger-ms", description = "after removal, how long a receiver stays to show it is deaf (default ${DEFAULT-VALUE})",
            defaultValue = "3000")
    long lingerMillis;

    @Option(names = "--remove-member", paramLabel = "ENTITY",
            description = "register, remove this member from the group (hybrid tree; needs the remove-member right), then exit")
    String removeMember;

    @Option(names = "--add-member", paramLabel = "ENTITY",
            description = "register, add this identity to the group (hybrid tree; needs the add-member right; it then registers itself), then exit")
    String addMember;

    @Option(names = "--provider", description = "auto | openssl | java")
    String provider;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private volatile boolean stopping;
    /** The receivers of the current and previous TEK (the latter until its grace ends). */
    private volatile Keys keys;

    private record Keys(TekId tek, DataSaReceiver current, DataSaReceiver previous, long previousUntilNanos) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MemberCredential cred;
        EntityId target;
        EntityId joiner;
        List<InetSocketAddress> replicas;
        InetSocketAddress sendTo;
        InetSocketAddress recvOn;
        CryptoProvider p;
        try {
            cred = AdminClient.JSON.readValue(Files.readAllBytes(credential), MemberCredential.class);
            replicas = server != null ? replicas(server) : cred.gcksAddresses(); // a replicated GCKS's credential lists every replica
            if (reconnectSeconds < 0 || reconnectSeconds > 86_400) {
                throw new IllegalArgumentException("--reconnect-seconds must be in 0..86400: " + reconnectSeconds);
            }
            sendTo = send == null ? null : MemberCredential.parseAddress(send);
            recvOn = recv == null ? null : MemberCredential.parseAddress(recv);
            target = removeMember == null ? null : EntityId.of(removeMember);
            joiner = addMember == null ? null : EntityId.of(addMember);
            if (target != null && joiner != null) {
                throw new IllegalArgumentException("--remove-member and --add-member are one each per run");
            }
            p = CryptoProviders.select(ProviderChoice.of(provider).mode()).provider();
        } catch (JsonProcessingException e) {
            err.println("gkm member: " + credential + " is not a credential file: " + e.getOriginalMessage());
            return 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("gkm member: " + e.getMessage());
            return 1;
        }
        AgentConfig config;
        MemberAgent agent;
        try {
            config = new AgentConfig(replicas.get(0), cred.httpUri(), cred.groupId(), cred.controllerId(), cred.policy().toPolicy(),
                    Duration.ofMillis(200), Duration.ofMillis(graceMillis), Duration.ofSeconds(10))
                    .withReplicas(replicas, ReconnectPolicy.within(Duration.ofSeconds(reconnectSeconds)));
            // a delegated subtree's member follows the parent's stream too: the group's TEK is the parent's
            java.util.Optional<org.gkm.gcks.server.ParentAccess> parent = cred.parentAccess();
            if (parent.isPresent()) {
                config = config.withParent(parent.get());
            }
            agent = new MemberAgent(p, cred.credentials(), cred.anchor(), cred.revocations(), config);
        } catch (IllegalArgumentException e) {
            err.println("gkm member: " + credential + ": " + e.getMessage());
            return 1;
        }
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping = true;
            try {
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gkm-member-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        DatagramSocket in = null;
        Thread receiver = null;
        try (MemberAgent a = agent; DatagramSocket udpOut = new DatagramSocket()) {
            a.register();
            out.printf("member %s: registered in group %d as tree member %d, Data SA sender id %d, sequence %d%s, TEK %s%n", cred.member(),
                    cred.group(), a.memberId(), a.senderId(), a.sequence(), parent(a), tek(a.tekId()));
            out.flush();
            if (target != null) {
                long seq = a.removeMember(target);
                a.awaitSequence(seq, Duration.ofSeconds(10));
                out.printf("member %s: removed %s from the group (sequence %d, TEK %s)%n", cred.member(), target, seq, tek(a.tekId()));
                return 0;
            }
            if (joiner != null) {
                long seq = a.addMember(joiner);
                a.awaitSequence(seq, Duration.ofSeconds(10));
                out.printf("member %s: added %s to the group (sequence %d, TEK %s)%n", cred.member(), joiner, seq, tek(a.tekId()));
                return 0;
            }
            keys = new Keys(a.tekId(), new DataSaReceiver(p, a.dataKey()), null, 0);
            if (recvOn != null) {
                in = new DatagramSocket(recvOn);
                DatagramSocket socket = in;
                receiver = Thread.ofVirtual().name("gkm-member-recv").start(() -> receive(socket, out));
                out.println("member " + cred.member() + ": receiving on " + recvOn);
            }
            DataSaSender sender = sendTo == null ? null : new DataSaSender(p, a.dataKey(), a.senderId());
            long nextSend = System.nanoTime();
            long n = 0;
            long reconnects = 0;
            long senderId = a.senderId();
            while (!stopping) {
                a.pump(Duration.ofMillis(50));
                if (a.reconnects() != reconnects) {
                    reconnects = a.reconnects();
                    out.printf("member %s: reconnected to %s:%d, sequence %d%n", cred.member(), a.server().getHostString(),
                            a.server().getPort(), a.sequence());
                    out.flush();
                    if (sender != null && a.senderId() != senderId) {
                        sender.destroy(); // a sender id is the GCKS's to assign: send under the one it gave now
                        sender = new DataSaSender(p, a.dataKey(), a.senderId());
                    }
                    senderId = a.senderId();
                }
                TekId now = a.tekId();
                Keys k = keys;
                if (!now.equals(k.tek())) {
                    out.printf("member %s: TEK %s -> %s (sequence %d%s)%n", cred.member(), tek(k.tek()), tek(now), a.sequence(), parent(a));
                    out.flush();
                    keys = new Keys(now, new DataSaReceiver(p, a.dataKey()), k.current(), System.nanoTime() + graceMillis * 1_000_000);
                    if (sender != null) {
                        sender.destroy();
                        sender = new DataSaSender(p, a.dataKey(), a.senderId());
                    }
                }
                if (sender != null && System.nanoTime() - nextSend >= 0) {
                    n++;
                    byte[] msg = ("message " + n + " from " + cred.member()).getBytes(StandardCharsets.UTF_8);
                    byte[] packet = sender.seal(msg);
                    udpOut.send(new DatagramPacket(packet, packet.length, sendTo));
                    out.printf("member %s: sent message %d under TEK %s%n", cred.member(), n, tek(now));
                    out.flush();
                    nextSend = System.nanoTime() + intervalMillis * 1_000_000;
                }
            }
            return 0;
        } catch (AgentException e) {
            if (agent.removed()) {
                err.println("gkm member: removed from group " + cred.group() + " by the GCKS (" + e.getMessage() + ")");
                err.flush();
                if (receiver != null) {
                    out.println("member " + cred.member() + ": removed; listening for " + lingerMillis + " ms without current keys");
                    out.flush();
                    sleep(lingerMillis);
                }
                return REMOVED;
            }
            err.println("gkm member: " + e.getMessage() + e.refusal().map(r -> " [" + r + "]").orElse(""));
            return 1;
        } catch (IOException | DataSaException e) {
            err.println("gkm member: " + e.getMessage());
            return 1;
        } finally {
            stopping = true;
            if (in != null) {
                in.close();
            }
            if (receiver != null) {
                try {
                    receiver.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.flush();
            err.flush();
            done.countDown();
        }
    }

    /**
     * The replicas a {@code --server} value lists: comma-separated {@code host:port}, none twice.
     *
     * @throws IllegalArgumentException an empty entry, one not {@code host:port}, or one listed twice
     */
    static List<InetSocketAddress> replicas(String value) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String hp = part.strip();
            if (hp.isEmpty()) {
                throw new IllegalArgumentException("--server has an empty entry: " + value);
            }
            InetSocketAddress a = MemberCredential.parseAddress(hp);
            if (out.contains(a)) {
                throw new IllegalArgumentException("--server lists " + hp + " twice");
            }
            out.add(a);
        }
        return out;
    }

    /** Decrypts packets until the socket closes; prints each message, and each packet it cannot open. */
    private void receive(DatagramSocket socket, PrintWriter out) {
        byte[] buf = new byte[65_535];
        while (true) {
            DatagramPacket dp = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(dp);
            } catch (SocketException e) {
                return; // closed
            } catch (IOException e) {
                out.println("member: receive failed: " + e.getMessage());
                out.flush();
                return;
            }
            byte[] packet = java.util.Arrays.copyOf(dp.getData(), dp.getLength());
            Keys k = keys;
            String claimed = claimed(packet);
            try {
                byte[] pt;
                try {
                    pt = k.current().open(packet);
                } catch (UnknownTekException e) {
                    if (k.previous() == null || System.nanoTime() - k.previousUntilNanos() > 0) {
                        throw e;
                    }
                    pt = k.previous().open(packet);
                }
                out.println("recv [" + claimed + "]: " + new String(pt, StandardCharsets.UTF_8));
            } catch (DataSaException e) {
                out.println("deaf: cannot decrypt a packet [" + claimed + "]: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            out.flush();
        }
    }

    /** What the packet's (unauthenticated) header claims: sender id and TEK id ({@link org.gkm.rekey.data.DataSaHeader}). */
    private static String claimed(byte[] packet) {
        if (packet.length < 21) {
            return "short packet";
        }
        ByteBuffer b = ByteBuffer.wrap(packet);
        return "sender " + Integer.toUnsignedLong(b.getInt(17)) + ", TEK " + b.getInt(9) + "." + b.getInt(13);
    }

    /** ", parent sequence S" for a delegated subtree's member (whose TEK is the parent's), else nothing. */
    private static String parent(MemberAgent a) {
        return a.parentSequence() < 0 ? "" : ", parent sequence " + a.parentSequence();
    }

    private static String tek(TekId t) {
        return t.version() + "." + t.revision();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
