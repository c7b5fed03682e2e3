package io.resnet4j.weights;

import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.Architectures;
import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which architecture on the class path a checkpoint was saved from, judged by its keys and shapes: what turns
 * "165 keys missing" into "this is a resnet18 checkpoint". Only the state_dict layout is compared, never values,
 * and no weights are initialised (a {@link StateDict} materialises lazily).
 */
public final class CheckpointFit {
    private static final String HEAD = "fc.";

    private CheckpointFit() {}

    /**
     * A phrase naming the architecture whose state_dict keys and shapes are exactly the checkpoint's ({@code
     * "its keys and shapes fit resnet18"}), else one that fits in everything but the classifier head {@code fc}
     * ({@code "... fit resnet50 except the classifier head fc (10 classes)"}), else empty.
     */
    public static Optional<String> describe(Checkpoint checkpoint) {
        return describe(checkpoint.tensors(), Architectures.all());
    }

    static Optional<String> describe(Map<String, Tensor> tensors, List<Architecture> architectures) {
        String headOnly = null;
        for (Architecture a : architectures) {
            switch (compare(a.create(0).stateDict(), tensors)) {
                case EXACT -> {
                    return Optional.of("its keys and shapes fit " + a.id());
                }
                case ALL_BUT_HEAD -> {
                    if (headOnly == null) {
                        Tensor fcBias = tensors.get(HEAD + "bias");
                        String classes = fcBias == null ? "" : " (" + fcBias.shape().size() + " classes)";
                        headOnly = "its keys and shapes fit " + a.id() + " except the classifier head fc" + classes;
                    }
                }
                case NO -> { }
            }
        }
        return Optional.ofNullable(headOnly);
    }

    private enum Fit { EXACT, ALL_BUT_HEAD, NO }

    private static Fit compare(StateDict model, Map<String, Tensor> tensors) {
        boolean headDiffers = false;
        int floatEntries = 0;
        for (StateDict.Entry e : model.layout()) {
            if (e.kind() == StateDict.Kind.COUNTER) {
                continue; // often absent from old checkpoints; they say nothing about the architecture
            }
            floatEntries++;
            Tensor t = tensors.get(e.name());
            if (t == null) {
                return Fit.NO;
            }
            if (!t.shape().equals(e.shape())) {
                if (!e.name().startsWith(HEAD)) {
                    return Fit.NO;
                }
                headDiffers = true;
            }
        }
        if (floatEntries != tensors.size()) {
            return Fit.NO; // the checkpoint has keys this architecture lacks
        }
        return headDiffers ? Fit.ALL_BUT_HEAD : Fit.EXACT;
    }
}
