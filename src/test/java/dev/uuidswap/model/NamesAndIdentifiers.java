package dev.uuidswap.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class NamesAndIdentifiers {
    @Test
    void identifiersAreQuotedWithDoubledQuotes() {
        assertEquals("\"a\"\"b\"", Ident.of("a\"b").toString());
        assertEquals("\"x\".\"Y z\"", TableRef.of("x", "Y z").toString());
        assertThrows(IllegalArgumentException.class, () -> Ident.of("a\0b"));
        assertEquals("'it''s'", new Literal("it's").toString());
    }

    @Test
    void parsesWhatADbaTypes() {
        assertEquals(TableRef.of("public", "users"), TableRef.parse("users"));
        assertEquals(TableRef.of("app", "users"), TableRef.parse("App.Users"));
        assertEquals(TableRef.of("My S", "Odd \"T\""), TableRef.parse("\"My S\".\"Odd \"\"T\"\"\""));
        assertEquals(new ColumnRef(TableRef.of("s", "t.x"), Ident.of("c")), ColumnRef.parse("s.\"t.x\".c"));
        assertThrows(IllegalArgumentException.class, () -> TableRef.parse("a.b.c"));
        assertThrows(IllegalArgumentException.class, () -> TableRef.parse("\"open"));
    }

    @Test
    void derivedNamesStayWithin63BytesAndDistinct() {
        String base = "x".repeat(62);
        Ident a = Names.shadow(Ident.of(base + "a"));
        Ident b = Names.shadow(Ident.of(base + "b"));
        assertTrue(a.name().getBytes(StandardCharsets.UTF_8).length <= 63, a.name());
        assertTrue(a.name().endsWith("_new"));
        assertNotEquals(a, b, "truncation must not make two names collide");
        Ident multi = Names.old(Ident.of("é".repeat(40)));
        assertTrue(multi.name().getBytes(StandardCharsets.UTF_8).length <= 63, multi.name());
        assertEquals("users_new", Names.shadow(Ident.of("users")).name());
        assertEquals("users_pkey_old", Names.old(Ident.of("users_pkey")).name());
    }
}
