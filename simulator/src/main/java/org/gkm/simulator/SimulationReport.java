package org.gkm.simulator;

/**
 * The outcome of one {@link GroupSimulation#run}: cost counters, speed, memory, and the verdicts.
 *
 * @param provider crypto provider name
 * @param tree "symmetric" or "hybrid"
 * @param members group size at the end
 * @param rekeys rekey messages emitted (membership rekeys and TEK changes)
 * @param tekChanges of those, the scheduled TEK changes (no membership event)
 * @param memberRekeys of those, the member-initiated joins and leaves (computed and signed by a
 *     member, ingested by the GCKS)
 * @param wraps AES-KW wraps computed by the GCKS and initiators
 * @param hpkeOps HPKE seals by the GCKS and initiators
 * @param multicastBytes total size of all sealed rekey messages (body, signature, MAC)
 * @param rekeysPerSecond rekeys divided by the time spent producing them (planning, wraps, sealing)
 * @param nsPerWrap nanoseconds spent in {@code wrapBatch} divided by wraps
 * @param treeBytesPerMember {@code KeyTree.memoryBytes()} at the end divided by members
 * @param verifiedMembers members whose full state was checked after every rekey (at the end)
 * @param forwardViolations keys of later generations that the coalition of departed members learnt
 * @param backwardViolations earlier TEKs or keys that a joiner could obtain
 * @param converged every verified member's TEK equalled the GCKS's after every rekey
 * @param elapsedSeconds wall time of the whole run, including group construction and verification
 */
public record SimulationReport(String provider, String tree, int members, int degree, int events, long rekeys,
        long tekChanges, long memberRekeys, long wraps, long hpkeOps, long multicastBytes, double rekeysPerSecond, double nsPerWrap,
        double treeBytesPerMember, int verifiedMembers, long forwardViolations, long backwardViolations,
        boolean converged, double elapsedSeconds) {
}
