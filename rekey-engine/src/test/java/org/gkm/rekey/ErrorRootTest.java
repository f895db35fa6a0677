package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gkm.rekey.data.DataAuthenticationException;
import org.gkm.rekey.data.DataSaException;
import org.gkm.rekey.data.MalformedPacketException;
import org.gkm.rekey.data.ReplayedPacketException;
import org.gkm.rekey.data.SequenceExhaustedException;
import org.gkm.rekey.data.StalePacketException;
import org.gkm.rekey.data.UnknownTekException;
import org.gkm.rekey.data.WrongGroupException;
import org.gkm.rekey.message.MalformedMessageException;
import org.gkm.rekey.message.MessageAuthenticationException;
import org.gkm.rekey.message.MessageSignatureException;
import org.gkm.rekey.message.MessageSizeException;
import org.gkm.rekey.message.RekeyException;
import org.gkm.rekey.message.RekeyException.Reason;
import org.gkm.rekey.message.RekeyMessageException;
import org.gkm.rekey.message.UnknownSignerException;
import org.gkm.rekey.store.StoreException;
import org.junit.jupiter.api.Test;

/**
 * One error root: every checked exception class the module's jar contains (all packages, nested
 * classes included) is a {@link RekeyException}; every concrete one is in the table below with a
 * reason no other class has, every {@link Reason} belongs to exactly one class and is documented;
 * the root's direct subclasses are exactly its four branches, and every class below the root is
 * final or sealed (so sealing the root closes the tree). A new exception class fails this test
 * until it is given its own reason and listed here.
 */
class ErrorRootTest {
    /** The root's direct subclasses: what its {@code permits} clause will name. */
    private static final Set<Class<?>> BRANCHES = Set.of(RekeyEngineException.class, RekeyMessageException.class,
            DataSaException.class, StoreException.class);

    /** Every concrete exception class of the module, one instance each, with the reason it must carry. */
    private static final Map<Reason, RekeyException> TABLE = table();

    private static Map<Reason, RekeyException> table() {
        Map<Reason, RekeyException> t = new EnumMap<>(Reason.class);
        put(t, Reason.MESSAGE_SIZE, new MessageSizeException("x"));
        put(t, Reason.MESSAGE_AUTHENTICATION, new MessageAuthenticationException("x"));
        put(t, Reason.MESSAGE_SIGNATURE, new MessageSignatureException("x"));
        put(t, Reason.UNKNOWN_SIGNER, new UnknownSignerException("x"));
        put(t, Reason.MALFORMED_MESSAGE, new MalformedMessageException("x"));
        put(t, Reason.AUTHORIZATION, new AuthorizationException("x"));
        put(t, Reason.UNKNOWN_MEMBER, new UnknownMemberException("x"));
        put(t, Reason.BATCH_TOO_LARGE, new BatchTooLargeException("x"));
        put(t, Reason.KEY_UNAVAILABLE, new KeyUnavailableException("x"));
        put(t, Reason.OUT_OF_SYNC, new OutOfSyncException(1, 2));
        put(t, Reason.STALE_MESSAGE, new StaleMessageException("x"));
        put(t, Reason.CONFLICTING_MESSAGE, new ConflictingMessageException(3));
        put(t, Reason.UNAUTHORIZED_SENDER, new UnauthorizedSenderException("x"));
        put(t, Reason.REJECTED_REKEY, new RejectedRekeyException("x"));
        put(t, Reason.REJECTED_REPORT, new RejectedReportException("x"));
        put(t, Reason.MALFORMED_SNAPSHOT, new MalformedSnapshotException("x"));
        put(t, Reason.MALFORMED_CHANGE, new MalformedChangeException("x"));
        put(t, Reason.INVALID_VIEW, new InvalidViewException("x"));
        put(t, Reason.DATA_MALFORMED, new MalformedPacketException("x"));
        put(t, Reason.DATA_WRONG_GROUP, new WrongGroupException("x"));
        put(t, Reason.DATA_UNKNOWN_TEK, new UnknownTekException("x"));
        put(t, Reason.DATA_REPLAYED, new ReplayedPacketException("x"));
        put(t, Reason.DATA_STALE, new StalePacketException("x"));
        put(t, Reason.DATA_AUTHENTICATION, new DataAuthenticationException("x"));
        put(t, Reason.DATA_SEQUENCE_EXHAUSTED, new SequenceExhaustedException("x"));
        put(t, Reason.STORE, new StoreException(StoreException.Failure.IO, "x"));
        return t;
    }

    private static void put(Map<Reason, RekeyException> t, Reason r, RekeyException e) {
        if (t.put(r, e) != null) {
            throw new IllegalStateException("reason " + r + " listed twice");
        }
    }

    @Test
    void everyCheckedExceptionOfTheModuleIsUnderTheOneRoot() throws Exception {
        List<Class<?>> checked = checkedExceptionClasses();
        assertTrue(checked.size() > TABLE.size(), "found only " + checked.size() + " exception classes: " + checked);
        for (Class<?> c : checked) {
            assertTrue(RekeyException.class.isAssignableFrom(c), c + " is a checked exception outside the one root");
        }
    }

    @Test
    void everyConcreteExceptionIsListedWithItsOwnReason() throws Exception {
        Set<Class<?>> concrete = checkedExceptionClasses().stream().filter(c -> !Modifier.isAbstract(c.getModifiers()))
                .collect(Collectors.toSet());
        Set<Class<?>> listed = new HashSet<>();
        for (Map.Entry<Reason, RekeyException> e : TABLE.entrySet()) {
            assertEquals(e.getKey(), e.getValue().reason(), e.getValue().getClass() + " carries the wrong reason");
            assertTrue(listed.add(e.getValue().getClass()), e.getValue().getClass() + " is listed under two reasons");
        }
        Set<Class<?>> unlisted = new HashSet<>(concrete);
        unlisted.removeAll(listed);
        assertTrue(unlisted.isEmpty(), "concrete exception classes without their own reason in the table: " + unlisted);
        Set<Class<?>> stale = new HashSet<>(listed);
        stale.removeAll(concrete);
        assertTrue(stale.isEmpty(), "listed classes not found in the module's classes: " + stale);
        assertEquals(EnumSet.allOf(Reason.class), TABLE.keySet(), "a reason no exception class carries");
    }

    @Test
    void everyReasonIsDocumented() throws IOException, URISyntaxException {
        Path source = classesRoot().getParent().getParent()
                .resolve("src/main/java/org/gkm/rekey/message/RekeyException.java");
        String text = Files.readString(source, StandardCharsets.UTF_8);
        for (Reason r : Reason.values()) {
            // a javadoc comment directly before the constant (the tempered dot keeps it to one comment)
            Pattern documented = Pattern.compile("/\\*\\*(?:(?!\\*/).)*\\S(?:(?!\\*/).)*\\*/\\s*" + r.name() + "\\s*[,;}]",
                    Pattern.DOTALL);
            assertTrue(documented.matcher(text).find(), r + " has no javadoc in " + source);
        }
    }

    @Test
    void theRootHasFourBranchesAndEveryClassBelowItIsFinalOrSealed() throws Exception {
        assertTrue(RekeyException.class.isSealed(), "the root is not sealed");
        assertEquals(BRANCHES, Set.of(RekeyException.class.getPermittedSubclasses()), "the root's permits clause");
        for (Class<?> c : checkedExceptionClasses()) {
            if (c == RekeyException.class) {
                continue;
            }
            if (c.getSuperclass() == RekeyException.class) {
                assertTrue(BRANCHES.contains(c), c + " extends the root directly but is not one of its branches");
            }
            assertTrue(Modifier.isFinal(c.getModifiers()) || c.isSealed(), c + " is neither final nor sealed");
        }
        for (Class<?> branch : BRANCHES) {
            assertEquals(RekeyException.class, branch.getSuperclass());
            assertTrue(branch.isSealed() || Modifier.isFinal(branch.getModifiers()), branch + " is neither sealed nor final");
        }
    }

    /** The checked exception classes (Exception but not RuntimeException) in the module's classes directory. */
    private static List<Class<?>> checkedExceptionClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = classesRoot();
        List<Class<?>> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).toList();
        }
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
            String name = rel.substring(0, rel.length() - ".class".length());
            if (name.endsWith("module-info") || name.endsWith("package-info")) {
                continue;
            }
            Class<?> c = Class.forName(name, false, ErrorRootTest.class.getClassLoader());
            if (Exception.class.isAssignableFrom(c) && !RuntimeException.class.isAssignableFrom(c)) {
                out.add(c);
            }
        }
        return out;
    }

    private static Path classesRoot() throws URISyntaxException {
        return Path.of(RekeyException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
