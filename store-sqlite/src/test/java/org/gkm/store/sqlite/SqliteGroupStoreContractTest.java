package org.gkm.store.sqlite;

import java.nio.file.Path;
import org.gkm.rekey.store.GroupStore;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the SQLite store, including durability across close and open. */
class SqliteGroupStoreContractTest extends GroupStoreContract {
    @TempDir
    Path dir;

    @Override
    GroupStore newStore() throws Exception {
        return SqliteGroupStore.open(dir.resolve("gkm.db"));
    }

    @Override
    GroupStore reopen(GroupStore closed) throws Exception {
        closed.close();
        return SqliteGroupStore.open(dir.resolve("gkm.db"));
    }
}
