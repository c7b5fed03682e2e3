package io.resnet4j.weights;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undoes the {@code module.} prefix that {@code nn.DataParallel}/{@code DistributedDataParallel} put on every
 * key. Only when every key has it: a model that genuinely has a submodule called {@code module} keeps its names.
 */
final class ModulePrefix {
    static final String PREFIX = "module.";

    private ModulePrefix() {}

    static boolean appliesTo(Iterable<String> keys) {
        boolean any = false;
        for (String k : keys) {
            if (!k.startsWith(PREFIX)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** Returns {@code map} with the prefix removed from every key, order kept. */
    static <V> LinkedHashMap<String, V> strip(Map<String, V> map) {
        LinkedHashMap<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k.substring(PREFIX.length()), v));
        return out;
    }

    /** Strips the prefix from both maps when every key of both has it; records a note when it did. */
    static Checkpoint normalise(java.nio.file.Path source, LinkedHashMap<String, io.resnet4j.tensor.Tensor> tensors,
            LinkedHashMap<String, Long> counters, List<String> notes) {
        List<String> all = new java.util.ArrayList<>(tensors.keySet());
        all.addAll(counters.keySet());
        if (appliesTo(all)) {
            notes.add("stripped '" + PREFIX + "' from " + all.size() + " keys");
            return new Checkpoint(source, strip(tensors), strip(counters), notes);
        }
        return new Checkpoint(source, tensors, counters, notes);
    }
}
