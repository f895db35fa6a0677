/**
 * The embedded SQLite {@link org.gkm.rekey.store.GroupStore}: {@link org.gkm.store.sqlite.SqliteGroupStore}
 * (WAL, {@code synchronous=FULL}, one transaction per commit, a versioned schema checked on open,
 * an owner lock file). docs/storage.md describes the tables and the failures.
 */
package org.gkm.store.sqlite;
