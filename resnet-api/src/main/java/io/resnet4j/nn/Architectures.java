package io.resnet4j.nn;

import io.resnet4j.DidYouMean;
import io.resnet4j.ResNet4jException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Looks up the {@link Architecture}s on the class path. */
public final class Architectures {
    private Architectures() {}

    /** Every registered architecture, sorted by id with numbers in numeric order (resnet18 before resnet101). */
    public static List<Architecture> all() {
        List<Architecture> out = new ArrayList<>();
        ServiceLoader.load(Architecture.class, Thread.currentThread().getContextClassLoader()).forEach(out::add);
        out.sort(Comparator.comparing(Architecture::id, Architectures::compareNatural));
        return out;
    }

    /**
     * The architecture called {@code id}, ignoring case, underscores and dashes (so torchvision's
     * {@code wide_resnet50_2} finds {@code WideResNet50_2}).
     */
    public static Architecture find(String id) {
        List<Architecture> all = all();
        String wanted = normalise(id);
        for (Architecture a : all) {
            if (normalise(a.id()).equals(wanted)) {
                return a;
            }
        }
        List<String> ids = all.stream().map(Architecture::id).toList();
        throw new ResNet4jException("unknown architecture '" + id + "'" + DidYouMean.hint(id, ids)
                + "; known: " + String.join(", ", ids));
    }

    static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int ei = i;
                int ej = j;
                while (ei < a.length() && Character.isDigit(a.charAt(ei))) ei++;
                while (ej < b.length() && Character.isDigit(b.charAt(ej))) ej++;
                int byLength = Integer.compare(ei - i, ej - j); // no leading zeros in ids: longer is larger
                int c = byLength != 0 ? byLength : a.substring(i, ei).compareTo(b.substring(j, ej));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String normalise(String id) {
        return id.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
