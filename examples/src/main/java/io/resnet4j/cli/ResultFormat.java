package io.resnet4j.cli;

import io.resnet4j.vision.Classification;
import io.resnet4j.vision.Prediction;
import java.io.PrintWriter;
import java.util.Locale;

/** How {@code classify} prints results on stdout: one image at a time, so that output streams as batches finish. */
enum ResultFormat {
    TABLE {
        @Override
        void item(PrintWriter out, Classification c, boolean first) {
            out.println(c.source());
            for (Prediction p : c.top()) {
                out.printf(Locale.ROOT, "  %7.3f%%  %5d  %s%n", 100.0 * p.probability(), p.index(), p.label());
            }
        }
    },
    JSON {
        @Override
        void begin(PrintWriter out) {
            out.println("[");
        }

        @Override
        void item(PrintWriter out, Classification c, boolean first) {
            StringBuilder s = new StringBuilder(first ? "  " : ",\n  ");
            s.append("{\"file\": ").append(json(c.source())).append(", \"top\": [");
            for (int i = 0; i < c.top().size(); i++) {
                Prediction p = c.top().get(i);
                s.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                        "{\"index\": %d, \"label\": %s, \"probability\": %s}", p.index(), json(p.label()), p.probability()));
            }
            out.print(s.append("]}"));
        }

        @Override
        void end(PrintWriter out, boolean any) {
            out.println(any ? "\n]" : "]");
        }
    },
    CSV {
        @Override
        void begin(PrintWriter out) {
            out.println("file,rank,index,label,probability");
        }

        @Override
        void item(PrintWriter out, Classification c, boolean first) {
            for (int i = 0; i < c.top().size(); i++) {
                Prediction p = c.top().get(i);
                out.println(csv(c.source()) + "," + (i + 1) + "," + p.index() + "," + csv(p.label()) + "," + p.probability());
            }
        }
    };

    void begin(PrintWriter out) {}

    abstract void item(PrintWriter out, Classification c, boolean first);

    void end(PrintWriter out, boolean any) {}

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** RFC 4180: quoted when it holds a comma, quote or line break; quotes doubled. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }
}
