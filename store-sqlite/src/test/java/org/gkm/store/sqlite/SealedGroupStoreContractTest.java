package org.gkm.store.sqlite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.SecretBytes;
import org.gkm.crypto.testing.TestProviders;
import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.InMemoryGroupStore;
import org.gkm.rekey.store.SealedGroupStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract through the at-rest barrier, over the in-memory and the SQLite store, on every
 * provider: the barrier changes what is stored, never what the contract promises. Small segments
 * so that the tests cross segment boundaries.
 */
@ParameterizedClass(name = "{0} over {1}")
@MethodSource("cases")
class SealedGroupStoreContractTest extends GroupStoreContract {
    @Parameter(0)
    CryptoProvider provider;

    @Parameter(1)
    String backend;

    @TempDir
    Path dir;

    static List<Object[]> cases() {
        List<Object[]> out = new ArrayList<>();
        for (CryptoProvider p : TestProviders.all()) {
            out.add(new Object[] {p, "memory"});
            out.add(new Object[] {p, "sqlite"});
        }
        return out;
    }

    private static SecretBytes master() {
        byte[] k = new byte[SealedGroupStore.MASTER_KEY_LENGTH];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (31 * i + 7);
        }
        return SecretBytes.copyOf(k);
    }

    private GroupStore sealed(GroupStore inner) {
        return SealedGroupStore.open(inner, provider, master(), new SealedGroupStore.Options(4, 1 << 20));
    }

    @Override
    boolean keyRecordsBelongToABarrier() {
        return true;
    }

    @Override
    GroupStore newStore() throws Exception {
        return sealed(backend.equals("memory") ? new InMemoryGroupStore() : SqliteGroupStore.open(dir.resolve("gkm.db")));
    }

    @Override
    GroupStore reopen(GroupStore closed) throws Exception {
        if (backend.equals("memory")) {
            return null;
        }
        closed.close();
        return sealed(SqliteGroupStore.open(dir.resolve("gkm.db")));
    }
}
