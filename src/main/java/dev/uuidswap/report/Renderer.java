package dev.uuidswap.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.uuidswap.report.Doc.Code;
import dev.uuidswap.report.Doc.Heading;
import dev.uuidswap.report.Doc.Para;
import dev.uuidswap.report.Doc.Table;
import dev.uuidswap.report.Doc.Tone;
import java.util.List;

/** Renders a {@link Doc} as text, markdown or self-contained HTML, and a result object as JSON. */
public final class Renderer {
    private Renderer() {
    }

    public static String render(String format, Doc doc, Object result) {
        return switch (format) {
            case "json" -> json(result);
            case "markdown" -> markdown(doc);
            case "html" -> html(doc);
            default -> text(doc);
        };
    }

    public static String json(Object result) {
        try {
            return new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .writerWithDefaultPrettyPrinter().writeValueAsString(result) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    public static String text(Doc d) {
        StringBuilder b = new StringBuilder(d.title()).append('\n').append("=".repeat(d.title().length())).append("\n");
        for (var block : d.blocks()) {
            if (block instanceof Heading h) {
                b.append('\n').append(h.text()).append('\n').append("-".repeat(h.text().length())).append('\n');
            } else if (block instanceof Para p) {
                b.append(prefix(p.tone())).append(p.text()).append('\n');
            } else if (block instanceof Code c) {
                c.lines().forEach(l -> b.append("    ").append(l.replace("\n", "\n    ")).append(";\n"));
            } else if (block instanceof Table t) {
                textTable(b, t);
            }
        }
        return b.toString();
    }

    private static String prefix(Tone t) {
        return switch (t) {
            case BAD -> "!! ";
            case WARN -> "WARNING: ";
            default -> "";
        };
    }

    private static void textTable(StringBuilder b, Table t) {
        int[] w = new int[t.headers().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = t.headers().get(i).length();
            for (List<String> r : t.rows()) {
                w[i] = Math.max(w[i], Math.min(60, r.get(i).length()));
            }
        }
        line(b, t.headers(), w);
        StringBuilder sep = new StringBuilder();
        for (int x : w) {
            sep.append("-".repeat(x)).append("  ");
        }
        b.append(sep.toString().stripTrailing()).append('\n');
        t.rows().forEach(r -> line(b, r, w));
    }

    private static void line(StringBuilder b, List<String> cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).replace('\n', ' ');
            l.append(c).append(" ".repeat(Math.max(0, w[i] - c.length()))).append("  ");
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    public static String markdown(Doc d) {
        StringBuilder b = new StringBuilder("# ").append(d.title()).append("\n");
        for (var block : d.blocks()) {
            if (block instanceof Heading h) {
                b.append("\n## ").append(h.text()).append("\n\n");
            } else if (block instanceof Para p) {
                boolean strong = p.tone() == Tone.BAD || p.tone() == Tone.WARN;
                b.append(strong ? "**" : "").append(p.text()).append(strong ? "**" : "").append("\n\n");
            } else if (block instanceof Code c) {
                b.append("```sql\n");
                c.lines().forEach(l -> b.append(l).append(";\n"));
                b.append("```\n\n");
            } else if (block instanceof Table t) {
                {
                    b.append("| ").append(String.join(" | ", t.headers().stream().map(Renderer::mdCell).toList())).append(" |\n");
                    b.append("|").append("---|".repeat(t.headers().size())).append('\n');
                    for (int i = 0; i < t.rows().size(); i++) {
                        List<String> cells = t.rows().get(i).stream().map(Renderer::mdCell).toList();
                        if (t.tones().get(i) == Tone.BAD) {
                            cells = cells.stream().map(c -> c.isEmpty() ? c : "**" + c + "**").toList();
                        }
                        b.append("| ").append(String.join(" | ", cells)).append(" |\n");
                    }
                    b.append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String mdCell(String s) {
        return s.replace("|", "\\|").replace("\n", "<br>");
    }

    public static String html(Doc d) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>")
                .append(esc(d.title())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}")
                .append("th{background:#f3f3f3}.bad{color:#b00020;font-weight:bold}.warn{color:#8a5a00}.good{color:#1b5e20}")
                .append("pre{background:#f6f8fa;padding:1em;overflow:auto}")
                .append("</style></head><body>\n<h1>").append(esc(d.title())).append("</h1>\n");
        for (var block : d.blocks()) {
            if (block instanceof Heading h) {
                b.append("<h2>").append(esc(h.text())).append("</h2>\n");
            } else if (block instanceof Para p) {
                b.append("<p class=\"").append(p.tone().name().toLowerCase()).append("\">")
                        .append(esc(p.text())).append("</p>\n");
            } else if (block instanceof Code c) {
                b.append("<pre>");
                c.lines().forEach(l -> b.append(esc(l)).append(";\n"));
                b.append("</pre>\n");
            } else if (block instanceof Table t) {
                {
                    b.append("<table><thead><tr>");
                    t.headers().forEach(x -> b.append("<th>").append(esc(x)).append("</th>"));
                    b.append("</tr></thead><tbody>\n");
                    for (int i = 0; i < t.rows().size(); i++) {
                        b.append("<tr class=\"").append(t.tones().get(i).name().toLowerCase()).append("\">");
                        t.rows().get(i).forEach(x -> b.append("<td>").append(esc(x).replace("\n", "<br/>")).append("</td>"));
                        b.append("</tr>\n");
                    }
                    b.append("</tbody></table>\n");
                }
            }
        }
        return b.append("</body></html>\n").toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
