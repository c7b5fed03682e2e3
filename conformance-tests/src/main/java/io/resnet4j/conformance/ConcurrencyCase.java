package io.resnet4j.conformance;

import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * One block's graph and several inputs of different shapes for it, which one compiled graph runs in turn, or
 * threads sharing it run at once.
 *
 * @param sizes batch, height and width of each input, three ints per input
 */
public record ConcurrencyCase(BlockCase block, List<Integer> sizes, long seed) {

    public ConcurrencyCase {
        sizes = List.copyOf(sizes);
    }

    public List<Tensor> inputs() {
        RandomData data = new RandomData(seed);
        List<Tensor> inputs = new ArrayList<>();
        for (int i = 0; i + 2 < sizes.size(); i += 3) {
            inputs.add(data.uniform(Shape.of(sizes.get(i), block.inplanes(), sizes.get(i + 1), sizes.get(i + 2))));
        }
        return inputs;
    }

    @Override
    public String toString() {
        return block + " on inputs " + inputs().stream().map(t -> t.shape().toCompactString()).toList()
                + ", data seed " + seed;
    }
}
