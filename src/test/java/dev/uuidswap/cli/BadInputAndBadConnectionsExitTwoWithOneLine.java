package dev.uuidswap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgExtension.class)
class BadInputAndBadConnectionsExitTwoWithOneLine {
    static TestDb db;
    static final String SECRET = "s3cr3t-Pa55word-xyzzy";

    @BeforeAll
    static void init(TestDb d) {
        db = d;
        db.exec("CREATE TABLE users (id varchar(36) PRIMARY KEY)");
    }

    private static void oneLine(TestDb.Result r) {
        assertEquals(1, r.err().strip().lines().count(), () -> "one line expected: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace");
    }

    @Test
    void usageErrors() {
        var unknown = db.cli("frobnicate");
        assertEquals(2, unknown.code());
        oneLine(unknown);
        var badOpt = db.cli("plan", "--no-such-option");
        assertEquals(2, badOpt.code());
        oneLine(badOpt);
        var badFormat = db.cli("plan", "--format", "pdf");
        assertEquals(2, badFormat.code());
        oneLine(badFormat);
        var both = db.cli("bench", "--users", "10", "--rows", "10");
        assertEquals(2, both.code(), both::toString);
        assertTrue(both.err().contains("--users or --rows"), both.err());
        oneLine(both);
        var pw = db.cli("plan", "--password", SECRET);
        assertEquals(2, pw.code());
        assertFalse(pw.err().contains(SECRET));
        var noTable = db.cli("plan", "--table", "nope.nothing");
        assertEquals(2, noTable.code(), noTable::toString);
        assertTrue(noTable.err().contains("does not exist"), noTable.err());
        oneLine(noTable);
        var help = db.cli("plan", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--format"), help.out());
        var toolHelp = db.cli("--help");
        assertEquals(0, toolHelp.code());
        assertTrue(toolHelp.out().contains("exit codes"), toolHelp.out());
    }

    @Test
    void refusedPortExitsTwoAtOnce() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long t0 = System.nanoTime();
        var r = db.cli("plan", "--url", "jdbc:postgresql://127.0.0.1:" + port + "/x");
        assertEquals(2, r.code(), r::toString);
        assertTrue((System.nanoTime() - t0) / 1e9 < 8, "fast");
        assertTrue(r.err().contains("does not answer"), r.err());
        oneLine(r);
    }

    @Test
    void silentServerExitsTwoWithinSeconds() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket c = s.accept()) {
                    Thread.sleep(20_000);
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            long t0 = System.nanoTime();
            var r = db.cli("plan", "--url", "jdbc:postgresql://127.0.0.1:" + s.getLocalPort() + "/x");
            double secs = (System.nanoTime() - t0) / 1e9;
            assertEquals(2, r.code(), r::toString);
            assertTrue(secs < 12, "took " + secs + " s");
            oneLine(r);
        }
    }

    /** A fake server that asks for a cleartext password and rejects it with SQLSTATE 28P01. */
    @Test
    void wrongPasswordIsNeverEchoed() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            Thread t = new Thread(() -> rejectPassword(s));
            t.setDaemon(true);
            t.start();
            Path pwFile = Files.createTempFile("pw", ".txt");
            Files.writeString(pwFile, SECRET + "\n");
            var r = db.cli("plan", "--url", "jdbc:postgresql://127.0.0.1:" + s.getLocalPort() + "/x",
                    "--user", "alice", "--password-file", pwFile.toString(), "--verbose");
            Files.delete(pwFile);
            assertEquals(2, r.code(), r::toString);
            assertTrue(r.err().contains("authentication failed for user alice"), r.err());
            assertFalse(r.err().contains(SECRET) || r.out().contains(SECRET), "password leaked");
            var env = db.cliWithEnv(Map.of("PGPASSWORD", SECRET), "plan", "--url",
                    "jdbc:postgresql://127.0.0.1:1/x?password=" + SECRET);
            assertEquals(2, env.code(), env::toString);
            assertFalse(env.err().contains(SECRET), env.err());
        }
    }

    private static void rejectPassword(ServerSocket s) {
        for (int i = 0; i < 3; i++) {
            try (Socket c = s.accept()) {
                DataInputStream in = new DataInputStream(c.getInputStream());
                DataOutputStream out = new DataOutputStream(c.getOutputStream());
                int len = in.readInt();
                int code = in.readInt();
                in.readFully(new byte[len - 8]);
                if (code == 80877103 || code == 80877104) { // SSL or GSS request: say no, then the real startup follows
                    out.write('N');
                    out.flush();
                    len = in.readInt();
                    in.readFully(new byte[len - 4]);
                }
                out.write('R');
                out.writeInt(8);
                out.writeInt(3); // AuthenticationCleartextPassword
                out.flush();
                in.readByte();
                len = in.readInt();
                in.readFully(new byte[len - 4]);
                byte[] fields = ("SFATAL\0C28P01\0Mpassword authentication failed for user \"alice\"\0\0")
                        .getBytes(StandardCharsets.UTF_8);
                out.write('E');
                out.writeInt(4 + fields.length);
                out.write(fields);
                out.flush();
            } catch (IOException e) {
                return;
            }
        }
    }
}
