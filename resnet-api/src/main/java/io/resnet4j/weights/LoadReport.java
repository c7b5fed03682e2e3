package io.resnet4j.weights;

import java.util.List;

/**
 * What {@link WeightLoader#load} did, in the spirit of PyTorch's {@code load_state_dict} result.
 *
 * @param missing model keys the checkpoint lacks (left at their previous values)
 * @param unexpected checkpoint keys the model does not have (ignored)
 * @param shapeMismatches {@code "name: checkpoint [..] vs model [..]"} for keys present in both whose shape or
 *     kind differs (not loaded)
 * @param notes how the checkpoint was normalised and anything else worth telling the user
 * @param loadedElements how many of the model's float values (parameters and buffers) came from the checkpoint
 * @param totalElements how many float values the model has
 */
public record LoadReport(List<String> missing, List<String> unexpected, List<String> shapeMismatches, List<String> notes,
        long loadedElements, long totalElements) {
    public LoadReport {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        shapeMismatches = List.copyOf(shapeMismatches);
        notes = List.copyOf(notes);
    }

    /** The share of the model's values that came from the checkpoint, 0 to 1 (1 for a model with none). */
    public double loadedFraction() {
        return totalElements == 0 ? 1 : (double) loadedElements / totalElements;
    }

    /** True when every model key was loaded and nothing was left over. */
    public boolean isComplete() {
        return missing.isEmpty() && unexpected.isEmpty() && shapeMismatches.isEmpty();
    }
}
