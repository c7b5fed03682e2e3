package io.resnet4j.weights;

import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies a checkpoint into a model's {@link StateDict}, like PyTorch's {@code load_state_dict}. Everything is
 * checked before anything is set, so a strict load that fails leaves the model untouched.
 */
public final class WeightLoader {
    private WeightLoader() {}

    /**
     * Loads {@code cp} into {@code target}. Strict: any missing key, unexpected key or shape mismatch fails with
     * one exception listing all of them, and nothing is loaded. Non-strict: loads every key whose name and
     * shape match and reports the rest.
     *
     * <p>A missing {@code COUNTER} (BatchNorm's {@code num_batches_tracked}) is not an error in either mode:
     * checkpoints saved before PyTorch 0.4.1 lack it and PyTorch itself fills it in; it is listed in the notes.
     */
    public static LoadReport load(StateDict target, Checkpoint cp, boolean strict) throws CheckpointException {
        Map<String, Tensor> tensors = cp.tensors();
        Map<String, Long> counters = cp.counters();
        List<String> missing = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        List<String> notes = new ArrayList<>(cp.notes());
        List<StateDict.Entry> loadable = new ArrayList<>();
        List<String> defaultedCounters = new ArrayList<>();
        Set<String> modelKeys = new HashSet<>();
        for (StateDict.Entry entry : target.layout()) {
            String name = entry.name();
            modelKeys.add(name);
            boolean isCounter = entry.kind() == StateDict.Kind.COUNTER;
            Tensor tensor = tensors.get(name);
            boolean hasCounter = counters.containsKey(name);
            if (isCounter && hasCounter || !isCounter && tensor != null && tensor.shape().equals(entry.shape())) {
                loadable.add(entry);
            } else if (isCounter && tensor != null) {
                mismatches.add(name + ": checkpoint float tensor " + tensor.shape() + " vs model int64 counter");
            } else if (!isCounter && hasCounter) {
                mismatches.add(name + ": checkpoint int64 scalar vs model " + entry.shape());
            } else if (tensor != null) {
                mismatches.add(name + ": checkpoint " + tensor.shape() + " vs model " + entry.shape());
            } else if (isCounter) {
                defaultedCounters.add(name);
            } else {
                missing.add(name);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (!modelKeys.contains(name)) {
                unexpected.add(name);
            }
        }
        for (String name : counters.keySet()) {
            if (!modelKeys.contains(name)) {
                unexpected.add(name);
            }
        }
        if (strict && !(missing.isEmpty() && unexpected.isEmpty() && mismatches.isEmpty())) {
            String fit = CheckpointFit.describe(cp).map(f -> "; " + f).orElse("");
            throw new CheckpointException(cp.source(), "does not match the model (nothing loaded): "
                    + String.join("; ", summaries(missing, unexpected, mismatches)) + fit);
        }
        for (StateDict.Entry entry : loadable) {
            if (entry.kind() == StateDict.Kind.COUNTER) {
                target.setCounter(entry.name(), counters.get(entry.name()));
            } else {
                target.set(entry.name(), tensors.get(entry.name()));
            }
        }
        if (!defaultedCounters.isEmpty()) {
            notes.add("kept the model's value for " + defaultedCounters.size() + " counter" + (defaultedCounters.size() == 1 ? "" : "s")
                    + " absent from the checkpoint " + defaultedCounters);
        }
        notes.add("loaded " + loadable.size() + " of " + target.layout().size() + " entries");
        Set<StateDict.Entry> loaded = new HashSet<>(loadable);
        long loadedElements = 0;
        long totalElements = 0;
        for (StateDict.Entry entry : target.layout()) {
            if (entry.kind() != StateDict.Kind.COUNTER) {
                totalElements += entry.shape().size();
                loadedElements += loaded.contains(entry) ? entry.shape().size() : 0;
            }
        }
        return new LoadReport(missing, unexpected, mismatches, notes, loadedElements, totalElements);
    }

    /** Shown before "…" in a summary of names: enough to recognise a pattern, few enough for one line. */
    static final int SHOWN = 3;

    /** "missing 165 [a, b, c, …]" and the like, for the non-empty lists only. */
    static List<String> summaries(List<String> missing, List<String> unexpected, List<String> mismatches) {
        List<String> out = new ArrayList<>();
        if (!missing.isEmpty()) out.add(summary("missing", missing));
        if (!unexpected.isEmpty()) out.add(summary("unexpected", unexpected));
        if (!mismatches.isEmpty()) out.add(summary("shape mismatches", mismatches));
        return out;
    }

    /** {@code what count [first SHOWN names, …]}. */
    public static String summary(String what, List<String> names) {
        List<String> shown = names.size() <= SHOWN ? names : new ArrayList<>(names.subList(0, SHOWN));
        if (shown.size() < names.size()) {
            shown.add("…");
        }
        return what + " " + names.size() + " " + shown;
    }
}
