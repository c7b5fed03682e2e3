package io.resnet4j.conformance;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.CompiledGraph;
import io.resnet4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Batches big enough to cross a backend's internal thresholds (chunking a batch, tiling, memory planning), which
 * the small generated cases of the other properties never reach. How big is the backend's to say:
 * {@link #bigBatchHint()}.
 */
public interface BigBatchContract extends BackendUnderTest {

    /**
     * Sizes past every internal threshold of this backend. The default, {@link BigBatchHint#CONSERVATIVE}, is past
     * any plausible one but slow; override it with your backend's real thresholds to keep runs short.
     */
    default BigBatchHint bigBatchHint() {
        return BigBatchHint.CONSERVATIVE;
    }

    /**
     * Each item of a big batch, output and tap, is bit-identical to the same item run alone on the same compiled
     * graph: splitting a batch into chunks or tiles may not change which input an item is computed from, nor the
     * order its sums are taken in.
     */
    @Property
    @Expensive
    default void bigBatchItemsMatchEachItemAloneBitForBit(@ForAll("bigBatches") BigBatchCase c) {
        Example e = c.example();
        try (Backend backend = backend(); CompiledGraph compiled = backend.compile(e.graph())) {
            Map<String, Tensor> whole = compiled.run(e.input().copy(), BigBatchCase.TAPS);
            for (int n = 0; n < c.batch(); n++) {
                Map<String, Tensor> alone = compiled.run(e.input().slice(n), BigBatchCase.TAPS);
                for (String name : alone.keySet()) {
                    float[] fromBatch = whole.get(name).slice(n).data(), single = alone.get(name).data();
                    if (!Arrays.equals(fromBatch, single)) {
                        throw new AssertionError("'" + name + "' of item " + n + " of a batch of " + c.batch()
                                + " differs from the item run alone (bit-exact required) at "
                                + firstDifference(fromBatch, single) + ", " + c);
                    }
                }
            }
        }
    }

    @Provide
    default Arbitrary<BigBatchCase> bigBatches() {
        return ConformanceArbitraries.bigBatches(bigBatchHint());
    }

    private static String firstDifference(float[] a, float[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
                return "element " + i + " (" + a[i] + " in the batch, " + b[i] + " alone)";
            }
        }
        return "length " + a.length + " vs " + b.length;
    }
}
