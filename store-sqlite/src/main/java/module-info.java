/**
 * The embedded SQLite implementation of the rekey engine's {@code GroupStore}: one database file
 * per data directory, WAL with {@code synchronous=FULL}, one transaction per commit.
 */
module org.gkm.store.sqlite {
    requires transitive org.gkm.rekey;
    requires java.sql;
    requires org.xerial.sqlitejdbc;

    exports org.gkm.store.sqlite;
}
