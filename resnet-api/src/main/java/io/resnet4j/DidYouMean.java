package io.resnet4j;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name a mistyped one was probably meant to be ("resnt50" → "resnet50"), for error messages. */
public final class DidYouMean {
    private DidYouMean() {}

    /**
     * The candidate closest to {@code typed} by edit distance (ignoring case, '_' and '-'), if it is close enough
     * to be a typo: at most 2 edits, and fewer than half the typed name's length.
     */
    public static Optional<String> closest(String typed, Collection<String> candidates) {
        String wanted = normalise(typed);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(wanted, normalise(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        boolean typo = best != null && bestDistance <= 2 && 2 * bestDistance < Math.max(wanted.length(), 1);
        return typo ? Optional.of(best) : Optional.empty();
    }

    /** {@code " (did you mean 'x'?)"} for the closest candidate, else the empty string. */
    public static String hint(String typed, Collection<String> candidates) {
        return closest(typed, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance, with a transposition counted as one edit (resnte50). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
