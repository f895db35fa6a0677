package org.gkm.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The application-facing package {@code org.gkm.crypto} reaches no type of
 * {@code org.gkm.crypto.internal}: in particular the caller-nonce AES-GCM is not reachable from
 * {@link CryptoProvider}, so applications get only nonces the library draws ({@link Aead}) or that
 * cannot repeat ({@link NonceSequenceAead}).
 */
class PublicFacadeTest {
    private static final String INTERNAL = "org.gkm.crypto.internal.";

    @Test
    void noPublicMemberOfThePublicPackageUsesAnInternalType() throws Exception {
        List<Class<?>> types = publicTypesOfThePackage();
        assertTrue(types.contains(CryptoProvider.class) && types.contains(Aead.class), "scan found " + types);
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : types) {
            for (Method m : c.getMethods()) {
                check(leaks, c, m, m.getGenericReturnType().getTypeName());
            }
            for (Constructor<?> k : c.getConstructors()) {
                check(leaks, c, k, "");
            }
            for (Field f : c.getFields()) {
                if (f.getGenericType().getTypeName().contains(INTERNAL)) {
                    leaks.add(c.getName() + "." + f.getName());
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static void check(List<String> leaks, Class<?> owner, Executable e, String returnType) {
        StringBuilder sig = new StringBuilder(returnType);
        for (java.lang.reflect.Type t : e.getGenericParameterTypes()) {
            sig.append(' ').append(t.getTypeName());
        }
        if (sig.toString().contains(INTERNAL)) {
            leaks.add(owner.getName() + "." + e.getName() + ": " + sig);
        }
    }

    private static List<Class<?>> publicTypesOfThePackage() throws URISyntaxException, Exception {
        Path dir = Path.of(CryptoProvider.class.getResource("CryptoProvider.class").toURI()).getParent();
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class") && !name.equals("package-info.class")) {
                    Class<?> c = Class.forName("org.gkm.crypto." + name.substring(0, name.length() - 6),
                            false, PublicFacadeTest.class.getClassLoader());
                    if (Modifier.isPublic(c.getModifiers())) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }
}
