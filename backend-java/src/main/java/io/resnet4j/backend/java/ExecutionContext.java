package io.resnet4j.backend.java;

import io.resnet4j.ResNet4jException;
import java.util.Locale;

/**
 * The buffers of one run at a time: the arena holding every intermediate value and the step workspace. Kept
 * and reused between runs, so that a warm forward allocates nothing of its size; grown when a larger input
 * comes, after checking that the heap can hold it.
 */
final class ExecutionContext {
    private float[] arena = new float[0];
    private float[] workspace = new float[0];

    Values bind(MemoryPlan plan, float[] input) {
        if (arena.length < plan.arena() || workspace.length < plan.workspace()) {
            grow(plan);
        }
        return new Values(plan, input, arena, workspace);
    }

    /** Bytes held now. */
    long bytes() {
        return 4L * (arena.length + workspace.length);
    }

    private void grow(MemoryPlan plan) {
        long arenaFloats = Math.max(arena.length, plan.arena());
        long workspaceFloats = Math.max(workspace.length, plan.workspace());
        long need = 4 * (arenaFloats + workspaceFloats);
        long limit = Runtime.getRuntime().maxMemory();
        if (need > limit) {
            throw tooLarge(plan, need, limit);
        }
        // Drop the old buffers first, so that they can be collected if the new ones need their space.
        arena = new float[0];
        workspace = new float[0];
        try {
            arena = new float[(int) arenaFloats];
            workspace = new float[(int) workspaceFloats];
        } catch (OutOfMemoryError e) {
            arena = new float[0];
            workspace = new float[0];
            throw tooLarge(plan, need, limit);
        }
    }

    private static ResNet4jException tooLarge(MemoryPlan plan, long need, long limit) {
        int batch = plan.input().dim(0);
        long perImage = Math.max(1, need / batch);
        return new ResNet4jException(String.format(Locale.ROOT,
                "input %s needs %s of activations and workspace (planned), but the Java heap cannot provide it "
                        + "(limit %s, -Xmx); use a smaller batch (at most about %d in this heap, which also holds "
                        + "the weights) or a larger heap, e.g. JAVA_OPTS=-Xmx%dg",
                plan.input(), gib(need), gib(limit), Math.max(1, limit * 6 / 10 / perImage),
                Math.max(2, (long) Math.ceil(1.5 * need / (1L << 30)) + 1)));
    }

    static String gib(long bytes) {
        return bytes >= 1L << 30
                ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
