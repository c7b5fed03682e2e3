package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;

/** Reads the backend's system properties. */
final class JavaBackendSettings {
    static final String THREADS_PROPERTY = "resnet4j.java.threads";
    static final String CONTEXTS_PROPERTY = "resnet4j.java.contexts";
    static final String WINOGRAD_PROPERTY = "resnet4j.java.winograd";
    static final String PIXEL_BLOCKS_PROPERTY = "resnet4j.java.pixelblocks";

    private JavaBackendSettings() {}

    /**
     * Whether 3×3 stride-1 convolutions run as Winograd F(2×2, 3×3) ({@code -Dresnet4j.java.winograd}, default
     * true; false runs every conv directly, e.g. to compare the two).
     */
    static boolean winograd() {
        return flag(WINOGRAD_PROPERTY);
    }

    /**
     * Whether the values that only 1×1 convs, residual adds and the average pool read are stored pixel-blocked
     * ({@code -Dresnet4j.java.pixelblocks}, default true; false keeps every value NCHW, e.g. to compare the two).
     */
    static boolean pixelBlocks() {
        return flag(PIXEL_BLOCKS_PROPERTY);
    }

    /** A true/false property, true when unset. */
    private static boolean flag(String property) {
        String setting = System.getProperty(property);
        if (setting == null || setting.isBlank()) {
            return true;
        }
        return switch (setting.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ResNet4jException(
                    "-D" + property + " must be true or false, got '" + setting + "'");
        };
    }

    static int threads() {
        return threads(System.getProperty(THREADS_PROPERTY), Runtime.getRuntime().availableProcessors());
    }

    /** {@code setting} if given (a positive integer), else {@code processors}. */
    static int threads(String setting, int processors) {
        if (setting == null || setting.isBlank()) {
            return processors;
        }
        try {
            int n = Integer.parseInt(setting.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the same message as a number below 1
        }
        throw new ResNet4jException("-D" + THREADS_PROPERTY + " must be a positive integer, got '" + setting + "'");
    }

    /**
     * How many runs of one compiled graph may hold buffers at once ({@code -Dresnet4j.java.contexts}); more
     * concurrent callers wait. Default: one per thread, at most 4, since each holds a whole run's activations.
     */
    static int contexts(int threads) {
        String setting = System.getProperty(CONTEXTS_PROPERTY);
        if (setting == null || setting.isBlank()) {
            return Math.min(4, threads);
        }
        try {
            int n = Integer.parseInt(setting.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ResNet4jException("-D" + CONTEXTS_PROPERTY + " must be a positive integer, got '" + setting + "'");
    }
}
