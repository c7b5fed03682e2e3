package io.resnet4j.conformance;

import io.resnet4j.ResNet4jException;

/**
 * How big a layer must be for a backend to leave its small-input path: to cut a batch into chunks, tile
 * differently, or plan memory another way. {@link BigBatchContract} runs batches of at least {@code batch} items
 * (at least 3) whose first layer reads at least {@code channels × height × width} per item through a 3×3
 * convolution, and checks every item bit for bit against the same item run alone.
 *
 * <p>A backend declares its thresholds by overriding {@link BigBatchContract#bigBatchHint()}; without that the
 * contract uses {@link #CONSERVATIVE}, which is past any threshold a backend is likely to have but costs seconds
 * per try.
 */
public record BigBatchHint(int batch, int channels, int height, int width) {

    /** ImageNet-sized: 4 × 64 × 224 × 224 items, beyond the per-layer sizes of ResNet-50 at batch 4. */
    public static final BigBatchHint CONSERVATIVE = new BigBatchHint(4, 64, 224, 224);

    /**
     * backend-java switches a convolution's schedule at 8 pixel blocks (of 128 pixels) per thread: below, it packs
     * the whole input first and splits the output channels between threads; above, each thread packs and
     * multiplies its own pixel blocks. One 28 × 28 image is 7 blocks, a batch of 3 is 21: the batch and each item
     * alone take different schedules (and different memory plans), which must not change a bit.
     */
    public static final BigBatchHint JAVA_BACKEND = new BigBatchHint(3, 64, 28, 28);

    /** For backends without thresholds, such as the scalar {@link ReferenceBackend}: any batch of 3 will do. */
    public static final BigBatchHint NO_THRESHOLDS = new BigBatchHint(3, 4, 12, 12);

    public BigBatchHint {
        if (batch < 3 || channels < 1 || height < 1 || width < 1) {
            throw new ResNet4jException("BigBatchHint needs batch ≥ 3 and positive sizes, got " + batch + " × "
                    + channels + " × " + height + " × " + width);
        }
    }

    /** The hints known for resnet4j's own backends, by name; {@link #CONSERVATIVE} for any other. */
    public static BigBatchHint forBackend(String name) {
        return switch (name) {
            case "java" -> JAVA_BACKEND;
            case "reference" -> NO_THRESHOLDS;
            default -> CONSERVATIVE;
        };
    }
}
