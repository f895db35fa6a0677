/**
 * The Data SA helper (seed 000 claim 8; RFC 4046 sec. 6.3): members encrypt and decrypt application
 * data under the current TEK with AES-256-GCM, with the TEK id (claim 7), sender id and per-sender
 * sequence number in an authenticated header, and a per-sender anti-replay window (RFC 4303 sec.
 * 3.4.3). The TEK is never used directly: {@link org.gkm.rekey.data.DataSaKey} derives the data key
 * from it with HKDF.
 */
package org.gkm.rekey.data;
