package org.gkm.gcks.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.gkm.crypto.SecretBytes;
import org.gkm.gcks.server.GcksServer;
import org.gkm.gcks.server.ParentLink;
import org.gkm.gkmp.GkmpGroupId;
import org.gkm.rekey.delegation.SubtreeLink;

/**
 * Applies a configured group's subtree delegation (claim 18) to the server before the group is
 * hosted: a delegating parent's subtree links, or a delegated subtree's parent. Link key files are
 * read as the master key file is (32 raw bytes, owner-only); the links bind the parent group's
 * engine id, which both GCKSs derive from the parent's GKMP group id. The server owns the links
 * (destroys them when it closes).
 */
final class ServeDelegation {
    private ServeDelegation() {
    }

    /**
     * Reads every link key file {@code c} names and forgets the keys: a missing or unusable one
     * refuses the start before the store is opened, so a refused start creates and changes nothing.
     *
     * @param base the directory link key file names are relative to (the configuration file's)
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static void checkLinkKeyFiles(ServeConfig c, Path base) {
        for (ServeConfig.GroupConfig g : c.groups()) {
            for (ServeConfig.SubtreeConfig s : g.subtrees()) {
                MasterKeyFile.read(base.resolve(s.linkKeyFile()), "link key file").destroy();
            }
            if (g.parent() != null) {
                MasterKeyFile.read(base.resolve(g.parent().linkKeyFile()), "link key file").destroy();
            }
        }
    }

    /** @param base the directory link key file names are relative to (the configuration file's) */
    static void apply(GcksServer server, ServeConfig.GroupConfig g, Path base) {
        GkmpGroupId id = new GkmpGroupId(g.id());
        if (!g.subtrees().isEmpty()) {
            Map<Integer, SubtreeLink> links = new HashMap<>();
            try {
                for (ServeConfig.SubtreeConfig s : g.subtrees()) {
                    links.put(s.id(), link(base, s.linkKeyFile(), g.id(), s.id()));
                }
                server.delegate(id, links);
            } catch (RuntimeException e) {
                links.values().forEach(SubtreeLink::destroy);
                throw e;
            }
        }
        ServeConfig.ParentConfig p = g.parent();
        if (p != null) {
            SubtreeLink link = link(base, p.linkKeyFile(), p.group(), p.subtree());
            try {
                server.reportTo(id, new ParentLink(p.frames().stream().map(org.gkm.gcks.server.admin.MemberCredential::parseAddress)
                        .toList(), p.http().stream().map(java.net.URI::create).toList(), p.group(), p.policy(), link));
            } catch (RuntimeException e) {
                link.destroy();
                throw e;
            }
        }
    }

    private static SubtreeLink link(Path base, String file, long parentGroup, int subtree) {
        SecretBytes key = MasterKeyFile.read(base.resolve(file), "link key file");
        try {
            return new SubtreeLink(StoreGroups.keyServerGroup(parentGroup), subtree, key);
        } finally {
            key.destroy();
        }
    }
}
