package org.gkm.rekey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.gkm.rekey.message.RekeyException;
import org.gkm.rekey.message.RekeyMessageException;
import org.junit.jupiter.api.Test;

/**
 * One error root: every checked exception class of the engine and the message packages is a
 * {@link RekeyException}, its two branches are sealed, and each concrete class names its own
 * {@link RekeyException.Reason}.
 */
class ErrorRootTest {
    @Test
    void everyCheckedExceptionHasTheOneRootAndItsOwnReason() throws Exception {
        List<Class<?>> found = new ArrayList<>();
        for (String pkg : new String[] {"org.gkm.rekey", "org.gkm.rekey.message"}) {
            found.addAll(classesOf(pkg));
        }
        int checked = 0;
        for (Class<?> c : found) {
            if (Exception.class.isAssignableFrom(c) && !RuntimeException.class.isAssignableFrom(c)) {
                assertTrue(RekeyException.class.isAssignableFrom(c), c + " is a checked exception outside the one root");
                checked++;
            }
        }
        assertTrue(checked >= 15, "found only " + checked + " exception classes");
        assertTrue(RekeyEngineException.class.isSealed());
        assertTrue(RekeyMessageException.class.isSealed());
        Set<RekeyException.Reason> seen = EnumSet.noneOf(RekeyException.Reason.class);
        List<RekeyException> samples = List.of(new AuthorizationException("x"), new BatchTooLargeException("x"),
                new ConflictingMessageException(3), new KeyUnavailableException("x"), new OutOfSyncException(1, 2),
                new RejectedRekeyException("x"), new StaleMessageException("x"), new UnauthorizedSenderException("x"),
                new UnknownMemberException("x"), new org.gkm.rekey.message.MalformedMessageException("x"),
                new org.gkm.rekey.message.MessageAuthenticationException("x"), new org.gkm.rekey.message.MessageSignatureException("x"),
                new org.gkm.rekey.message.MessageSizeException("x"), new org.gkm.rekey.message.UnknownSignerException("x"));
        for (RekeyException e : samples) {
            assertTrue(seen.add(e.reason()), e.getClass() + " reuses " + e.reason());
        }
        assertEquals(samples.size(), seen.size());
    }

    private static List<Class<?>> classesOf(String pkg) throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(RekeyEngineException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = root.resolve(pkg.replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    out.add(Class.forName(pkg + "." + name.substring(0, name.length() - 6)));
                }
            }
        }
        return out;
    }
}
