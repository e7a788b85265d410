package dev.uuidswap.edges;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgCluster;
import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A tablespace on a 24 MB file system: plan's estimate reads that file system, not the data
 * directory's, and refuses a set that cannot fit; when the space goes (another file fills it after
 * prepare) the copy stops on SQLSTATE 53100 with one line and exit 8, and abort gives the space
 * back. A server of the test's own (.ci/pg) with the tmpfs mounted for its system user: this test
 * mounts, so it runs as root, as CI does.
 */
@ExtendWith(PgExtension.class)
class ACopyThatFillsItsTablespaceEndsWithItsOwnExitCode {

    @Test
    void exitEightAndAbortGivesTheSpaceBack(TestDb db) throws Exception {
        assertEquals("root", System.getProperty("user.name"), "this test mounts a tmpfs: run it as root, as CI does");
        Path dir = Files.createTempDirectory("uuidswap-tiny");
        sh("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir.toString());
        try (PgCluster c = new PgCluster()) {
            int port = c.start(PgCluster.majorOf(db), "tiny");
            sh("chown", "uuidswap-pg", dir.toString());
            String url = PgCluster.url(port, "postgres");
            PgCluster.exec(url, "CREATE TABLESPACE tiny LOCATION '" + dir + "'");
            PgCluster.exec(url, "CREATE TABLE p (id varchar(36) PRIMARY KEY, pad text) TABLESPACE tiny;"
                    + " INSERT INTO p SELECT md5(g::text)::uuid::text, repeat('x', 300) FROM generate_series(1, 20000) g;"
                    + " CREATE TABLE big (id varchar(36) PRIMARY KEY, pad text);"
                    + " INSERT INTO big SELECT md5(g::text)::uuid::text, repeat('y', 300) FROM generate_series(1, 60000) g");
            var tooBig = db.cli("plan", "--table", "big", "--tablespace", "tiny", "--url", url, "--user", "postgres");
            assertEquals(3, tooBig.code(), tooBig::toString);
            assertTrue(tooBig.out().contains("tablespace tiny") && tooBig.out().contains("MB are free"), tooBig.out());

            assertEquals(0, db.cli("prepare", "--table", "p", "--url", url, "--user", "postgres").code());
            Path filler = dir.resolve("filler");
            sh("dd", "if=/dev/zero", "of=" + filler, "bs=1M", "count=64");
            var copy = db.cli("copy", "--table", "p", "--url", url, "--user", "postgres");
            assertEquals(8, copy.code(), copy::toString);
            assertTrue(copy.err().contains("ran out of disk space") && copy.err().contains("abort gives back"), copy.err());
            assertEquals(1, copy.err().strip().lines().count(), copy.err());
            Files.delete(filler);
            long before = Files.getFileStore(dir).getUsableSpace();
            assertEquals(0, db.cli("abort", "--table", "p", "--url", url, "--user", "postgres").code());
            assertTrue(Files.getFileStore(dir).getUsableSpace() > before, "abort gave the shadow's space back");
            PgCluster.exec(url, "DROP TABLE p; DROP TABLESPACE tiny");
        } finally {
            sh("umount", "-l", dir.toString());
        }
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 || cmd[0].equals("dd"), String.join(" ", cmd) + ": " + out);
    }
}
