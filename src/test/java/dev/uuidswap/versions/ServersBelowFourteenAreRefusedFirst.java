package dev.uuidswap.versions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgCluster;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real PostgreSQL 13 (zonky's binaries, through .ci/pg): every command says in one line that 13
 * is not supported, exits 3, and leaves the server as it was; the version is read from the startup
 * message, before any catalog query (13's own dependent-views query error never shows).
 */
@ExtendWith(PgExtension.class)
class ServersBelowFourteenAreRefusedFirst {

    @Test
    void everyCommandRefusesThirteenWithOneLineAndChangesNothing(TestDb db) throws Exception {
        try (PgCluster c = new PgCluster()) {
            int port = c.start(13, "refuse13");
            String url = PgCluster.url(port, "postgres");
            try (var conn = DriverManager.getConnection(url, props()); var st = conn.createStatement()) {
                st.execute("CREATE TABLE users (id varchar(36) PRIMARY KEY); CREATE VIEW v AS SELECT id FROM users");
            }
            for (List<String> cmd : List.of(List.of("plan"), List.of("prepare"), List.of("copy"), List.of("verify"),
                    List.of("status"), List.of("swap"), List.of("swap-back"), List.of("abort"), List.of("finalize", "--confirm"),
                    List.of("run"), List.of("demo", "--users", "10"))) {
                List<String> args = new ArrayList<>(cmd);
                args.addAll(List.of("--url", url, "--user", "postgres"));
                var r = db.cli(args.toArray(String[]::new));
                assertEquals(3, r.code(), () -> cmd + ": " + r);
                assertTrue(r.err().strip().matches("uuidswap \\S+: PostgreSQL 13\\.\\d+ is not supported: 14 or newer is"
                        + " required; nothing was changed"), () -> cmd + ": " + r.err());
                assertEquals(1, r.err().strip().lines().count(), () -> cmd + ": one line: " + r.err());
            }
            try (var conn = DriverManager.getConnection(url, props()); var st = conn.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = 'uuidswap'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "nothing was created");
            }
            try (var conn = DriverManager.getConnection(url, props()); var st = conn.createStatement();
                    var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'uuidswap_demo%'")) {
                rs.next();
                assertFalse(rs.getInt(1) > 0, "demo created no database");
            }
        }
    }

    private static Properties props() {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        return p;
    }
}
