package org.gkm.gcks.net;

/**
 * What one broadcast did: frames queued to sessions, and sessions that could not take it (closing,
 * or disconnected by it because their outbound queue was full).
 */
public record BroadcastResult(int queued, int dropped) {
}
