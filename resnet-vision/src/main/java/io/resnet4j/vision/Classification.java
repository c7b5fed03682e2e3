package io.resnet4j.vision;

import java.util.List;
import java.util.Objects;

/**
 * The result for one image: its most probable classes, best first, or why it could not be classified.
 *
 * @param source the image (a path as given, or a description of an in-memory image)
 * @param top    the top-k predictions, most probable first (ties: lower index first); empty when {@code error} is set
 * @param error  a one-line message naming the image and what is wrong with it, or {@code null}
 */
public record Classification(String source, List<Prediction> top, String error) {
    public Classification {
        Objects.requireNonNull(source, "source");
        top = List.copyOf(top);
    }

    static Classification failed(String source, String error) {
        return new Classification(source, List.of(), error);
    }

    public boolean failed() {
        return error != null;
    }

    /** The most probable class. */
    public Prediction best() {
        if (failed()) {
            throw new IllegalStateException(error);
        }
        return top.getFirst();
    }
}
