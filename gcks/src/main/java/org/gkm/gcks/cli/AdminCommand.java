package org.gkm.gcks.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gkm.crypto.CryptoProvider;
import org.gkm.crypto.CryptoProviders;
import org.gkm.gcks.server.admin.AdminApi;
import org.gkm.gcks.server.admin.AdminToken;
import org.gkm.gcks.server.admin.AuditExport;
import org.gkm.gcks.server.admin.MemberCredential;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gkm admin}: the owner's commands against a running {@code gkm serve} (its admin endpoint,
 * found through the token file in the server's data directory). Each subcommand prints a short text
 * summary, or with {@code --json} one JSON object (written by Jackson). Exit status 0 on success, 1 when
 * the endpoint refused or could not be reached (the reason on stderr), 2 on a usage error.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Administer a running GCKS (gkm serve) through its loopback admin endpoint.",
        subcommands = {AdminCommand.Groups.class, AdminCommand.CreateGroup.class, AdminCommand.Issue.class, AdminCommand.Remove.class,
                AdminCommand.RetireSubtree.class,
                AdminCommand.Status.class, AdminCommand.AuditExportCommand.class, AdminCommand.AuditVerify.class})
final class AdminCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Where the admin endpoint is: the server's data directory or its token file. */
    static final class Endpoint {
        @Option(names = "--data", paramLabel = "DIR", description = "the server's data directory (reads DIR/" + AdminToken.FILE_NAME + ")")
        Path data;

        @Option(names = "--token-file", paramLabel = "FILE", description = "the server's admin token file")
        Path tokenFile;
    }

    /** Options every subcommand that talks to the server has. */
    static final class Common {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Endpoint endpoint;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        AdminClient client() {
            Path f = endpoint.tokenFile != null ? endpoint.tokenFile : endpoint.data.resolve(AdminToken.FILE_NAME);
            return new AdminClient(AdminToken.read(f));
        }
    }

    /** Runs {@code body}, printing its result as text or JSON; maps failures to exit status 1. */
    abstract static class Sub implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        abstract Object execute() throws Exception;

        abstract String text(Object result);

        abstract boolean json();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                Object r = execute();
                out.println(json() ? AdminClient.JSON.writeValueAsString(r) : text(r));
                out.flush();
                return 0;
            } catch (AdminClient.AdminException | IllegalArgumentException | IOException e) {
                err.println("gkm admin " + spec.name() + ": " + e.getMessage());
                err.flush();
                return 1;
            } catch (org.gkm.gkmp.GkmpException e) {
                err.println("gkm admin " + spec.name() + ": verification failed: " + e.getMessage());
                err.flush();
                return 1;
            } catch (Exception e) {
                err.println("gkm admin " + spec.name() + ": " + e);
                err.flush();
                return 1;
            }
        }
    }

    /** A subcommand that talks to the admin endpoint (its address and token from {@link Common}). */
    abstract static class Remote extends Sub {
        @Mixin
        Common common = new Common();

        @Override
        boolean json() {
            return common.json;
        }
    }

    @Command(name = "groups", mixinStandardHelpOptions = true, description = "List the hosted groups.")
    static final class Groups extends Remote {
        @Override
        Object execute() throws Exception {
            return Map.of("groups", java.util.List.of(common.client().get("/admin/v1/groups", AdminApi.Group[].class)));
        }

        @Override
        String text(Object r) {
            StringBuilder b = new StringBuilder("group  degree  tree       signature  tree-members  registered  sequence  epoch");
            for (Object o : (java.util.List<?>) ((Map<?, ?>) r).get("groups")) {
                AdminApi.Group g = (AdminApi.Group) o;
                b.append(String.format("%n%-6d %-7d %-10s %-10s %-13d %-11d %-9d %d", g.id(), g.degree(), g.tree(), g.signatureAlgorithm(),
                        g.treeMembers(), g.registered(), g.sequence(), g.epoch()));
            }
            return b.toString();
        }
    }

    @Command(name = "create-group", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create and host a group; gkm serve keeps it in its store (it is there after a restart)."
                    + " An id that exists is refused.")
    static final class CreateGroup extends Remote {
        @Option(names = "--id", required = true, description = "the GKMP group id (>= 0)")
        long id;

        @Option(names = "--degree", description = "key tree degree 2..64 (default 4)")
        Integer degree;

        @Option(names = "--tree", description = "symmetric | hybrid (default symmetric)")
        String tree;

        @Option(names = "--signature", description = "rekey message signatures: ed25519 | ecdsa-p256 (default ed25519)")
        String signature;

        @Option(names = "--max-members", description = "GKMP membership limit 1..65535 (default 1000)")
        Integer maxMembers;

        @Option(names = "--retained", description = "rekey messages kept for resync (default 1000)")
        Integer retained;

        @Option(names = "--batch-window-ms",
                description = "the group's batch window: joins and removals within it are one rekey (0: one rekey each; default the server's)")
        Long batchWindowMillis;

        @Option(names = "--tek-lifetime-s",
                description = "the group's TEK lifetime: a TEK this old without a rekey is changed (0: never; default the server's)")
        Long tekLifetimeSeconds;

        @Override
        Object execute() throws Exception {
            return common.client().post("/admin/v1/groups",
                    new AdminApi.CreateGroup(id, degree, tree, signature, maxMembers, retained, batchWindowMillis, tekLifetimeSeconds),
                    AdminApi.Status.class);
        }

        @Override
        String text(Object r) {
            AdminApi.Status s = (AdminApi.Status) r;
            return "created group " + s.group() + ": degree " + s.degree() + ", " + s.tree() + " tree, " + s.signatureAlgorithm();
        }
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Issue a member credential (certificate + private key from the server's security manager) into an owner-only file.")
    static final class Issue extends Remote {
        @Option(names = "--group", required = true, description = "the group id")
        long group;

        @Option(names = "--member", required = true, description = "the member's GKMP entity id")
        String member;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "the credential file to create (0600)")
        Path out;

        @Option(names = "--right", paramLabel = "RIGHT",
                description = "a member right in the permission certificate: add-member, remove-member, change-tek (repeatable)")
        java.util.List<String> rights = new java.util.ArrayList<>();

        @Option(names = "--force", description = "replace FILE if it exists")
        boolean force;

        @Override
        Object execute() throws Exception {
            if (Files.exists(out) && !force) {
                throw new IllegalArgumentException(out + " exists (use --force to replace it)");
            }
            MemberCredential c = common.client().post("/admin/v1/groups/" + group + "/members", new AdminApi.Issue(member, rights),
                    MemberCredential.class);
            writeOwnerOnly(out, AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(c), force);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("group", c.group());
            r.put("member", c.member());
            r.put("file", out.toAbsolutePath().toString());
            r.put("gcks", c.gcks());
            return r;
        }

        @Override
        String text(Object r) {
            Map<?, ?> m = (Map<?, ?>) r;
            return "issued " + m.get("member") + " in group " + m.get("group") + " -> " + m.get("file") + " (owner-only)";
        }
    }

    /** Writes {@code bytes} to a new owner-only (0600) file; {@code replace}: an existing one is replaced. */
    static void writeOwnerOnly(Path file, byte[] bytes, boolean replace) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".gkm-cred", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, bytes);
            if (replace) {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, file); // FileAlreadyExistsException if it appeared meanwhile
            }
        } finally {
            Files.deleteIfExists(tmp);
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a member (a leave rekey; its connection is closed and it may not register again).")
    static final class Remove extends Remote {
        @Option(names = "--group", required = true, description = "the group id")
        long group;

        @Option(names = "--member", required = true, description = "the member's GKMP entity id")
        String member;

        @Override
        Object execute() throws Exception {
            return common.client().delete("/admin/v1/groups/" + group + "/members/" + URLEncoder.encode(member, StandardCharsets.UTF_8),
                    AdminApi.Removed.class);
        }

        @Override
        String text(Object r) {
            AdminApi.Removed m = (AdminApi.Removed) r;
            return "removed " + m.member() + " from group " + m.group() + ": leave rekey sequence " + m.sequence();
        }
    }

    @Command(name = "retire-subtree", mixinStandardHelpOptions = true,
            description = "Retire a delegated subtree of a parent group (a leave rekey of its leaf; its GCKS's reports are refused).")
    static final class RetireSubtree extends Remote {
        @Option(names = "--group", required = true, description = "the parent group id")
        long group;

        @Option(names = "--subtree", required = true, description = "the subtree id")
        int subtree;

        @Override
        Object execute() throws Exception {
            return common.client().delete("/admin/v1/groups/" + group + "/subtrees/" + subtree, AdminApi.Retired.class);
        }

        @Override
        String text(Object r) {
            AdminApi.Retired m = (AdminApi.Retired) r;
            return "retired subtree " + m.subtree() + " of group " + m.group() + ": leave rekey sequence " + m.sequence();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "A group's members, connections, sequence, epoch, rekeys, members behind and out of sync.")
    static final class Status extends Remote {
        @Option(names = "--group", required = true, description = "the group id")
        long group;

        @Override
        Object execute() throws Exception {
            return common.client().get("/admin/v1/groups/" + group, AdminApi.Status.class);
        }

        @Override
        String text(Object r) {
            AdminApi.Status s = (AdminApi.Status) r;
            StringBuilder b = new StringBuilder(String.format(
                    "group %d: degree %d, %s tree, %s%ntree members %d, registered %d, connected %d%nsequence %d, epoch %d, rekeys %d"
                            + "%nbehind %d, out of sync %d%nstate fingerprint %s, TEK %s%nrole %s",
                    s.group(), s.degree(), s.tree(), s.signatureAlgorithm(), s.treeMembers(), s.registered(), s.connected(), s.sequence(),
                    s.epoch(), s.rekeys(), s.behind(), s.outOfSync(), s.fingerprint(), s.tekFingerprint(), s.role()));
            for (AdminApi.Member m : s.members()) {
                b.append(String.format("%n  %-20s member %-6d sender %-6d %s%s%s", m.entity(), m.memberId(), m.senderId(),
                        m.connected() ? "connected" : "disconnected", m.unackedRekeys() > 0 ? ", " + m.unackedRekeys() + " unacked" : "",
                        m.outOfSync() ? ", OUT OF SYNC" : ""));
            }
            for (AdminApi.Subtree t : s.subtrees() == null ? List.<AdminApi.Subtree>of() : s.subtrees()) {
                b.append(String.format("%n  subtree %-6d member %-6d last report %d%s", t.subtree(), t.memberId(), t.lastReport(),
                        t.retired() ? ", RETIRED" : ""));
            }
            AdminApi.Parent pa = s.parent();
            if (pa != null) {
                b.append(String.format("%nsubtree %d of parent group %d: report %d confirmed (parent sequence %d, member %d),"
                        + " parent messages relayed through %d", pa.subtree(), pa.group(), pa.confirmedReport(), pa.parentSequence(),
                        pa.parentMember(), pa.relayedThrough()));
            }
            return b.toString();
        }
    }

    @Command(name = "audit-export", mixinStandardHelpOptions = true,
            description = "Export a group's management log (hash chain, ending in a checkpoint signed now) to a file.")
    static final class AuditExportCommand extends Remote {
        @Option(names = "--group", required = true, description = "the group id")
        long group;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "where to write the export (JSON)")
        Path out;

        @Override
        Object execute() throws Exception {
            AuditExport e = common.client().get("/admin/v1/groups/" + group + "/audit", AuditExport.class);
            Files.write(out, AdminClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(e));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("group", e.group());
            r.put("records", e.entries().size());
            r.put("firstSeq", e.firstSeq());
            r.put("file", out.toAbsolutePath().toString());
            return r;
        }

        @Override
        String text(Object r) {
            Map<?, ?> m = (Map<?, ?>) r;
            return "exported " + m.get("records") + " log records of group " + m.get("group") + " (from #" + m.get("firstSeq") + ") -> "
                    + m.get("file");
        }
    }

    @Command(name = "audit-verify", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Verify an exported log offline: the controller's certificate under the security manager's anchor "
                    + "(taken from a member credential of that server), the hash chain and every checkpoint signature.")
    static final class AuditVerify extends Sub {
        @Option(names = "--file", required = true, description = "the export")
        Path file;

        @Option(names = "--credential", required = true, description = "a member credential of the same server (its trust anchor)")
        Path credential;

        @Option(names = "--provider", description = "auto | openssl | java")
        String provider;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @Override
        Object execute() throws Exception {
            CryptoProvider p = CryptoProviders.select(ProviderChoice.of(provider).mode()).provider();
            AuditExport e;
            MemberCredential c;
            try {
                e = AdminClient.JSON.readValue(Files.readAllBytes(file), AuditExport.class);
                c = AdminClient.JSON.readValue(Files.readAllBytes(credential), MemberCredential.class);
            } catch (JsonProcessingException ex) {
                throw new IllegalArgumentException("not an export or credential: " + ex.getOriginalMessage());
            }
            AuditExport.Verified v = e.verify(p, c.anchor(), System.currentTimeMillis());
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("group", e.group());
            r.put("records", v.records());
            r.put("signedRecords", v.signedRecords());
            r.put("firstSeq", v.firstSeq());
            r.put("verified", true);
            return r;
        }

        @Override
        String text(Object r) {
            Map<?, ?> m = (Map<?, ?>) r;
            return "verified: " + m.get("records") + " records of group " + m.get("group") + " from #" + m.get("firstSeq") + ", "
                    + m.get("signedRecords") + " covered by a checkpoint signature";
        }

        @Override
        boolean json() {
            return json;
        }
    }
}
