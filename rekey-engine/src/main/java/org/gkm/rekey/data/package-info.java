/**
 * The Data SA helper (seed 000 claim 8; RFC 4046 sec. 6.3): members encrypt and decrypt application
 * data under the current TEK with AES-256-GCM, with the TEK id (claim 7), sender id, sender salt and
 * sequence number in an authenticated header, and an anti-replay window (RFC 4303 sec. 3.4.3) per
 * sender stream. The TEK is never used directly: {@link org.gkm.rekey.data.DataSaKey} derives the
 * data key from it with HKDF, and each {@link org.gkm.rekey.data.DataSaSender} instance derives its
 * own key from the data key and a random salt, so GCM nonces cannot repeat even when a sender
 * restarts or two senders share an id.
 */
package org.gkm.rekey.data;
