package org.gkm.store.sqlite;

import org.gkm.rekey.store.GroupStore;
import org.gkm.rekey.store.InMemoryGroupStore;

/** The contract on the (non-durable) in-memory store. */
class InMemoryGroupStoreContractTest extends GroupStoreContract {
    @Override
    GroupStore newStore() {
        return new InMemoryGroupStore();
    }

    @Override
    GroupStore reopen(GroupStore closed) {
        return null;
    }
}
