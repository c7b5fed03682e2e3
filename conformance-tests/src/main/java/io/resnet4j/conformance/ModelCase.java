package io.resnet4j.conformance;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNetSpec;
import io.resnet4j.spec.StridePlacement;
import io.resnet4j.tensor.Shape;
import io.resnet4j.tensor.Tensor;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A small random {@code @ResNet} spec, an input size and a seed: one whole-model try. */
public record ModelCase(BlockType block, int[] layers, int groups, int widthPerGroup, StridePlacement stride,
        int baseWidth, int numClasses, int inChannels, int batch, int height, int width, long seed) {

    public static final String PACKAGE = "io.resnet4j.conformance.generated";
    public static final String NAME = "ConformanceNet";

    public ModelCase {
        layers = layers.clone();
    }

    /** The same spec as the annotation below, for validity checks and cost estimates before compiling. */
    public ResNetSpec spec() {
        return ResNetSpec.builder(NAME, block, layers).groups(groups).widthPerGroup(widthPerGroup).stride(stride)
                .baseWidth(baseWidth).numClasses(numClasses).inChannels(inChannels).build();
    }

    public Shape inputShape() {
        return Shape.of(batch, inChannels, height, width);
    }

    public Tensor input() {
        return new RandomData(~seed).uniform(inputShape());
    }

    /** The annotated interface the annotation processor turns into class {@value #NAME}. */
    public String source() {
        return "package " + PACKAGE + ";\n\n"
                + "import io.resnet4j.spec.BlockType;\n"
                + "import io.resnet4j.spec.ResNet;\n"
                + "import io.resnet4j.spec.StridePlacement;\n\n"
                + annotation() + "\n"
                + "public interface " + NAME + "Spec {}\n";
    }

    public String annotation() {
        String stages = Arrays.stream(layers).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return "@ResNet(name = \"" + NAME + "\", block = BlockType." + block + ", layers = {" + stages + "}"
                + (block == BlockType.BOTTLENECK ? ", groups = " + groups + ", widthPerGroup = " + widthPerGroup : "")
                + ", stride = StridePlacement." + stride + ", baseWidth = " + baseWidth
                + ", numClasses = " + numClasses + ", inChannels = " + inChannels + ")";
    }

    @Override
    public String toString() {
        return annotation() + " on input " + inputShape().toCompactString() + ", seed " + seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelCase m && toString().equals(m.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
