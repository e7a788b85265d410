package dev.uuidswap.spelling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Keys in every spelling uuid input takes (lower, UPPER, {braces}, no hyphens, MiXeD) in a parent
 * with a self-reference and in its children, while an application writes: plan reports them as
 * information, copy → verify → swap converts them; after the swap children of an upper-case parent
 * are inserted (in another spelling), a parent's name is updated, a child re-parented, a parent
 * deleted with its children, a new parent written in braces; swap-back hands back every untouched
 * key byte for byte, the old tables' keys all hold, nothing written is lost; verify and a second
 * swap pass. A case-variant duplicate is refused by plan and prepare, with the values named.
 */
@ExtendWith(PgExtension.class)
class KeysInEverySpellingComeBackAsTheyWere {
    static TestDb db;
    static final int PARENTS = 300;
    static final Map<Integer, String> SPELLED = new HashMap<>();

    @BeforeAll
    static void schema(TestDb d) {
        db = d;
        db.exec("""
                CREATE SCHEMA sp;
                CREATE TABLE sp.p (id text PRIMARY KEY, name text, boss text REFERENCES sp.p (id));
                CREATE TABLE sp.c (id serial PRIMARY KEY, p_id text NOT NULL REFERENCES sp.p ON DELETE CASCADE, note text);
                """);
        for (int n = 1; n <= PARENTS; n++) {
            SPELLED.put(n, spell(canonical(n), n % 5));
        }
        StringBuilder sql = new StringBuilder();
        for (int n = 1; n <= PARENTS; n++) {
            sql.append("INSERT INTO sp.p (id, name, boss) VALUES ('").append(SPELLED.get(n)).append("', 'p").append(n)
                    .append("', ").append(n > 10 ? "'" + SPELLED.get(n % 10 + 1) + "'" : "NULL").append(");\n");
            for (int k = 0; k < 3; k++) {
                sql.append("INSERT INTO sp.c (p_id, note) VALUES ('").append(SPELLED.get(n)).append("', 'c").append(k).append("');\n");
            }
        }
        db.exec(sql.toString());
    }

    /** md5('k' || n)::uuid::text, as the server would spell it. */
    static String canonical(int n) {
        try {
            String h = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(("k" + n).getBytes(StandardCharsets.UTF_8)));
            return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-" + h.substring(20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String spell(String c, int how) {
        return switch (how) {
            case 1 -> c.toUpperCase(Locale.ROOT);
            case 2 -> "{" + c + "}";
            case 3 -> c.replace("-", "").toUpperCase(Locale.ROOT);
            case 4 -> c.substring(0, 8).toUpperCase(Locale.ROOT) + c.substring(8);
            default -> c;
        };
    }

    @Test
    void spellingsSurviveSwapWritesAndSwapBack() throws Exception {
        var plan = db.cli("plan", "--table", "sp.p", "--format", "json");
        assertEquals(0, plan.code(), plan::toString);
        var notes = new ObjectMapper().readTree(plan.out()).get("findings").toString();
        long other = SPELLED.entrySet().stream().filter(e -> !e.getValue().equals(canonical(e.getKey()))).count();
        assertTrue(notes.contains("\"kind\":\"non-canonical\",\"object\":\"sp.p.id\",\"message\":\"" + other + " value(s)"), notes);

        Writer w = new Writer();
        try {
            var run = db.cli("run", "--no-swap", "--table", "sp.p");
            assertEquals(0, run.code(), run::toString);
            w.await(50);
            assertEquals(0, db.cli("verify", "--table", "sp.p").code(), "keys the writer spelled its own way are no difference");
            assertEquals(0, db.cli("swap", "--table", "sp.p", "--compat-cast").code());
            w.await(50);
            postSwapWrites();
            w.await(50);
            assertEquals(0, orphans("_old"), "every key among the old tables holds");
            var back = db.cli("swap-back", "--table", "sp.p");
            assertEquals(0, back.code(), back::toString);
            w.await(50);
        } finally {
            w.close();
        }
        assertEquals(List.of(), w.errors, "the application saw errors");
        Set<String> live = new HashSet<>(db.rows("SELECT id FROM sp.p").stream().map(r -> r.get(0)).toList());
        for (int n = 1; n <= PARENTS; n++) {
            if (n != DELETED) {
                assertTrue(live.contains(SPELLED.get(n)), "parent " + n + " kept its spelling " + SPELLED.get(n));
            }
        }
        assertTrue(!live.contains(SPELLED.get(DELETED)), "the deleted parent is gone");
        assertEquals(0, db.count("SELECT count(*) FROM sp.c WHERE p_id = '" + SPELLED.get(DELETED) + "'"), "its children too");
        assertEquals("renamed", db.value("SELECT name FROM sp.p WHERE id = '" + SPELLED.get(UPPER) + "'"));
        assertEquals(2, db.count("SELECT count(*) FROM sp.c WHERE note = 'after swap' AND p_id = '" + SPELLED.get(UPPER) + "'"),
                "children written after the swap in lower case carry the parent's spelling");
        assertEquals(1, db.count("SELECT count(*) FROM sp.c WHERE note = 'moved' AND p_id = '" + SPELLED.get(BRACED) + "'"));
        assertEquals(1, db.count("SELECT count(*) FROM sp.p WHERE id = '" + NEW_KEY + "'"), "a new key comes back canonical");
        assertEquals(SPELLED.get(UPPER), db.value("SELECT boss FROM sp.p WHERE id = '" + SPELLED.get(MIXED) + "'"));
        for (var e : w.children.entrySet()) {
            assertEquals(e.getValue(), db.value("SELECT p_id FROM sp.c WHERE id = " + e.getKey()), "child " + e.getKey());
        }
        assertEquals(0, orphans(""));
        assertEquals(0, db.cli("verify", "--table", "sp.p").code());
        assertEquals(0, db.cli("swap", "--table", "sp.p").code());
        assertEquals(0, orphans("_old"));
    }

    static final int UPPER = 11;
    static final int BRACED = 12;
    static final int DELETED = 14;
    static final int MIXED = 24;
    static final String NEW_KEY = "6f1c0a3e-1111-4a2b-9c3d-00000000abcd";

    private void postSwapWrites() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            String upper = canonical(UPPER);
            st.execute("INSERT INTO sp.c (p_id, note) VALUES ('" + upper + "', 'after swap'), ('" + upper.toUpperCase(Locale.ROOT)
                    + "', 'after swap')");
            st.execute("UPDATE sp.p SET name = 'renamed' WHERE id = '" + upper + "'");
            st.execute("UPDATE sp.c SET p_id = '" + canonical(BRACED) + "', note = 'moved' WHERE id = (SELECT min(id) FROM sp.c WHERE p_id = '"
                    + canonical(13) + "')");
            st.execute("DELETE FROM sp.p WHERE boss = '" + canonical(DELETED) + "' OR id = '" + canonical(DELETED) + "'");
            st.execute("UPDATE sp.p SET boss = '" + upper + "' WHERE id = '" + canonical(MIXED) + "'");
            st.execute("INSERT INTO sp.p (id, name) VALUES ('{" + NEW_KEY.toUpperCase(Locale.ROOT) + "}', 'new')");
        }
    }

    private static long orphans(String suffix) {
        return db.count("SELECT count(*) FROM sp.c" + suffix + " c WHERE NOT EXISTS (SELECT 1 FROM sp.p" + suffix
                + " p WHERE p.id = c.p_id)") + db.count("SELECT count(*) FROM sp.p" + suffix + " c WHERE c.boss IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM sp.p" + suffix + " p WHERE p.id = c.boss)");
    }

    @Test
    void aCaseVariantDuplicateIsRefusedWithItsValues() {
        db.exec("CREATE SCHEMA dup; CREATE TABLE dup.p (id text PRIMARY KEY);"
                + " INSERT INTO dup.p VALUES ('0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e'), ('0E5D2A4C6A4F4B498F3C3F1A2B3C4D5E')");
        String before = db.catalogFingerprint();
        var plan = db.cli("plan", "--table", "dup.p");
        assertEquals(3, plan.code(), plan::toString);
        assertTrue(plan.out().contains("0E5D2A4C6A4F4B498F3C3F1A2B3C4D5E"), plan.out());
        var prepare = db.cli("prepare", "--table", "dup.p");
        assertEquals(3, prepare.code(), prepare::toString);
        assertTrue(prepare.err().contains("0e5d2a4c-6a4f-4b49-8f3c-3f1a2b3c4d5e") && prepare.err().contains("0E5D2A4C6A4F4B498F3C3F1A2B3C4D5E"),
                prepare.err());
        assertEquals(before, db.catalogFingerprint(), "nothing was changed");
    }

    /** An application writing children of parents in their stored spelling, before and after the swap. */
    static final class Writer implements AutoCloseable {
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final Map<Integer, String> children = new ConcurrentHashMap<>();
        final AtomicLong ops = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread thread = new Thread(this::loop, "spelling-writer");

        Writer() {
            thread.start();
        }

        void loop() {
            try (Connection c = db.connect();
                    PreparedStatement ins = c.prepareStatement("INSERT INTO sp.c (p_id, note) VALUES (?, 'writer') RETURNING id")) {
                while (running.get()) {
                    int n = 30 + ThreadLocalRandom.current().nextInt(PARENTS - 30);
                    ins.setObject(1, SPELLED.get(n), Types.OTHER);
                    try (ResultSet rs = ins.executeQuery()) {
                        rs.next();
                        children.put(rs.getInt(1), SPELLED.get(n));
                    }
                    ops.incrementAndGet();
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                errors.add(e.getMessage());
            }
        }

        void await(long n) throws InterruptedException {
            long target = ops.get() + n;
            long deadline = System.currentTimeMillis() + 30_000;
            while (ops.get() < target) {
                assertTrue(errors.isEmpty() && System.currentTimeMillis() < deadline, "the writer stalled: " + errors);
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
        }
    }
}
