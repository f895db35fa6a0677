/**
 * Durable group state for a GCKS: the storage SPI {@link org.gkm.rekey.store.GroupStore} (change
 * records with their rekey messages, snapshots, the audit log), the at-rest barrier
 * {@link org.gkm.rekey.store.SealedGroupStore} that encrypts every secret payload under a key
 * hierarchy rooted in a master key the store never sees, and a non-durable
 * {@link org.gkm.rekey.store.InMemoryGroupStore} for tests. The store treats payloads as opaque
 * bytes: what a change record or snapshot contains is the engine's business. docs/storage.md
 * describes the format, the keys and what each failure gives.
 */
package org.gkm.rekey.store;
