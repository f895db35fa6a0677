/**
 * The replicated GCKS: one group's change records as the log of an Apache Ratis (Raft) group.
 * Only the leader plans a rekey (its fresh keys come from the leader's CSPRNG); the planned change
 * record is the log entry; every replica applies committed entries in log order through the rekey
 * engine's replay step, so every replica holds the same group state and the same committed rekey
 * messages. Replicas snapshot and purge their logs; a replica behind the purged log installs the
 * leader's snapshot. One {@link org.gkm.replication.ReplicaHost} (one Raft server) hosts a
 * process' replicas of several groups. See docs/architecture.md, "Replicated GCKS".
 */
package org.gkm.replication;
