package org.gkm.gcks.server.admin;

import org.gkm.gcks.server.GroupBackend;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.GroupPolicy;

/** How the admin endpoint makes the key server of a group it creates (in memory, or in the process's store). */
@FunctionalInterface
public interface GroupFactory {
    /**
     * A new, empty group's backend.
     *
     * @throws Exception the backend could not be created (the message is shown to the owner)
     */
    GroupBackend create(GkmpGroupId id, GroupPolicy policy, int retainedMessages) throws Exception;
}
