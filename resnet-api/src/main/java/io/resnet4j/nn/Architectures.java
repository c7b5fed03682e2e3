package io.resnet4j.nn;

import io.resnet4j.ResNet4jException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Looks up the {@link Architecture}s on the class path. */
public final class Architectures {
    private Architectures() {}

    /** Every registered architecture, sorted by id. */
    public static List<Architecture> all() {
        List<Architecture> out = new ArrayList<>();
        ServiceLoader.load(Architecture.class, Thread.currentThread().getContextClassLoader()).forEach(out::add);
        out.sort(Comparator.comparing(Architecture::id));
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
        throw new ResNet4jException("unknown architecture '" + id + "'; known: "
                + String.join(", ", all.stream().map(Architecture::id).toList()));
    }

    private static String normalise(String id) {
        return id.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
