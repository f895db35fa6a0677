package org.gkm.gkmp.engine;

import org.gkm.gkmp.EntityId;
import org.gkm.gkmp.GkmpGroupId;

/**
 * Where a controller gets the key-tree path a member receives inside Download_Grp_Keys (also a
 * member admitted through GKMP join; see docs/gkmp.md, "Meeting the rekey engine"). The bytes
 * are opaque to GKMP, secret (they travel under the one-time SKEK), and at most
 * {@link org.gkm.gkmp.message.Inner#MAX_TREE_PATH} long. {@link #NONE} sends none.
 */
public interface TreePathSource {
    TreePathSource NONE = (g, m) -> new byte[0];

    /**
     * The path blob for {@code member} of {@code group}; empty for none. Called once per download,
     * after every check of the member's Negotiate_Session_Keys_2 passed. Null defers the path: the
     * exchange waits (under its deadline) until the owner hands it to {@link GkmpNode#deliverPath}
     * (a GCKS that commits several joins as one batch rekey learns each path only then).
     */
    byte[] pathFor(GkmpGroupId group, EntityId member);
}
