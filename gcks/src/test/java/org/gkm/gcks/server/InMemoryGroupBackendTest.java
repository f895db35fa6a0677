package org.gkm.gcks.server;

import org.gkm.crypto.CryptoProvider;
import org.gkm.rekey.GroupPolicy;
import org.gkm.rekey.message.GroupId;

/** The backend contract for the in-memory backend. */
class InMemoryGroupBackendTest extends GroupBackendContract {
    @Override
    GroupBackend open(CryptoProvider provider, GroupPolicy policy, GroupId group, int retained) {
        return InMemoryGroupBackend.create(provider, policy, group, 1, retained);
    }

    @Override
    boolean compactsBeyondRetained() {
        return true;
    }
}
