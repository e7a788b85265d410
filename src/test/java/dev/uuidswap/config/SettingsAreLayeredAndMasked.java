package dev.uuidswap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.uuidswap.model.UuidswapException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SettingsAreLayeredAndMasked {
    static SettingsLoader.Args args(Map<String, String> m) {
        return new SettingsLoader.Args() {
            public String get(String n) {
                return m.get(n);
            }

            public List<String> all(String n) {
                return m.containsKey(n) ? List.of(m.get(n)) : List.of();
            }

            public boolean has(String n) {
                return m.containsKey(n);
            }
        };
    }

    @Test
    void commandLineBeatsEnvironmentBeatsLibpq() throws Exception {
        Path home = Files.createTempDirectory("home");
        Map<String, String> env = new HashMap<>(Map.of("PGHOST", "h1", "PGPORT", "6543", "PGDATABASE", "d1", "PGUSER", "u1"));
        Settings s = new SettingsLoader(env, home).load("plan", args(Map.of()));
        assertEquals("jdbc:postgresql://h1:6543/d1", s.jdbcUrl());
        assertEquals("u1", s.user());
        env.put("UUIDSWAP_URL", "jdbc:postgresql://h2/d2");
        assertEquals("jdbc:postgresql://h2/d2", new SettingsLoader(env, home).load("plan", args(Map.of())).jdbcUrl());
        Settings cli = new SettingsLoader(env, home).load("swap", args(Map.of("url", "jdbc:postgresql://h3/d3",
                "user", "u3", "lock-timeout", "500ms", "retries", "3")));
        assertEquals("jdbc:postgresql://h3/d3", cli.jdbcUrl());
        assertEquals("u3", cli.user());
        assertEquals(Duration.ofMillis(500), cli.lockTimeout());
        assertEquals(3, cli.retries());
    }

    @Test
    void passwordFromPgpassThenEnvThenFileAndNeverShown() throws Exception {
        Path home = Files.createTempDirectory("home");
        Files.writeString(home.resolve(".pgpass"), "other:5432:*:*:nope\nh1:5432:d1:u1:fromPgpass\n");
        Map<String, String> env = new HashMap<>(Map.of("PGUSER", "u1", "UUIDSWAP_URL", "jdbc:postgresql://h1:5432/d1"));
        assertEquals("fromPgpass", new SettingsLoader(env, home).load("plan", args(Map.of())).password());
        env.put("PGPASSWORD", "fromEnv");
        assertEquals("fromEnv", new SettingsLoader(env, home).load("plan", args(Map.of())).password());
        Path f = home.resolve("pw");
        Files.writeString(f, "fromFile\n");
        Settings s = new SettingsLoader(env, home).load("plan", args(Map.of("password-file", f.toString())));
        assertEquals("fromFile", s.password());
        assertFalse(s.toString().contains("fromFile"));
        assertEquals("jdbc:postgresql://h/d?user=a&password=***", Masking.mask("jdbc:postgresql://h/d?user=a&password=xyz"));
    }

    @Test
    void replicaLagIsATimeOrAnAmountOfWal() {
        SettingsLoader l = new SettingsLoader(Map.of(), Path.of("/nonexistent"));
        Settings time = l.load("copy", args(Map.of("max-replica-lag", "1500ms")));
        assertEquals(1500L, time.maxReplicaLagMillis());
        assertEquals(null, time.maxReplicaLagBytes());
        Settings wal = l.load("copy", args(Map.of("max-replica-lag", "64MB")));
        assertEquals(64L * 1024 * 1024, wal.maxReplicaLagBytes());
        assertEquals(null, wal.maxReplicaLagMillis());
        var e = assertThrows(UuidswapException.class, () -> l.load("copy", args(Map.of("max-replica-lag", "far"))));
        assertEquals(2, e.exitCode().code);
    }

    @Test
    void badValuesAreRefusedWithExitTwo() {
        Path home = Path.of("/nonexistent");
        SettingsLoader l = new SettingsLoader(Map.of(), home);
        for (var bad : List.of(Map.of("jobs", "0"), Map.of("batch-size", "ten"), Map.of("lock-timeout", "soon"),
                Map.of("url", "jdbc:mysql://x/y"), Map.of("table", "a.b.c"), Map.of("password", "x"))) {
            var e = assertThrows(UuidswapException.class, () -> l.load("plan", args(bad)), bad::toString);
            assertEquals(2, e.exitCode().code);
        }
    }
}
