package dev.uuidswap.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uuidswap.support.PgExtension;
import dev.uuidswap.support.TestDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every command block of runbooks/01–06 in order against the sample schema and checks the
 * output each runbook says to expect, so a runbook that drifts from the tool fails CI.
 */
@ExtendWith(PgExtension.class)
class RunbooksRunAgainstARealDatabase {
    static TestDb db;
    static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```\\n```expect\\n(.*?)```", Pattern.DOTALL);

    @BeforeAll
    static void load(TestDb d) {
        db = d;
        db.loadSample(1500);
    }

    @Test
    void everyCommandDoesWhatItsRunbookSays() throws Exception {
        List<Path> books;
        try (Stream<Path> s = Files.list(Path.of("runbooks"))) {
            books = s.filter(p -> p.getFileName().toString().matches("0[1-6]-.*\\.md")).sorted().toList();
        }
        assertEquals(6, books.size(), books::toString);
        int commands = 0;
        for (Path book : books) {
            Matcher m = BLOCK.matcher(Files.readString(book));
            while (m.find()) {
                String cmd = m.group(1).strip();
                List<String> expect = m.group(2).strip().lines().toList();
                String where = book.getFileName() + ": " + cmd;
                String output;
                if (cmd.startsWith("uuidswap ")) {
                    var r = db.cli(words(cmd.substring("uuidswap ".length())).toArray(String[]::new));
                    output = r.out() + r.err();
                    assertTrue(expect.get(0).startsWith("exit "), where + ": an expect block starts with the exit code");
                    assertEquals(Integer.parseInt(expect.get(0).substring(5)), r.code(), () -> where + "\n" + r);
                    expect = expect.subList(1, expect.size());
                } else if (cmd.startsWith("psql -c \"") && cmd.endsWith("\"")) {
                    output = String.join("\n", db.rows(cmd.substring(9, cmd.length() - 1)).stream()
                            .map(r -> String.join("|", r)).toList());
                } else {
                    throw new AssertionError(where + ": runbooks run only uuidswap and psql -c commands");
                }
                for (String line : expect) {
                    assertTrue(output.contains(line), where + "\nexpected: " + line + "\ngot:\n" + output);
                }
                commands++;
            }
        }
        assertTrue(commands >= 14, "commands run: " + commands);
    }

    /** Splits a command line on spaces, keeping double-quoted words whole. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(s);
        while (m.find()) {
            out.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return out;
    }
}
