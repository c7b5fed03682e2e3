package io.resnet4j.spec;

import io.resnet4j.ResNet4jException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The runtime form of a {@link ResNet} annotation, and the single place its rules live: the annotation
 * processor reports {@link #problems()} as compile errors, the runtime refuses an invalid spec the same way.
 */
public record ResNetSpec(
        String name,
        BlockType block,
        int[] layers,
        int numClasses,
        int groups,
        int widthPerGroup,
        StridePlacement stride,
        boolean zeroInitResidual,
        boolean[] replaceStrideWithDilation,
        int inChannels,
        int baseWidth) {

    /** Upper bound on any channel count: keeps sizes far from int overflow and allocations sane. */
    public static final int MAX_CHANNELS = 1 << 16;
    /** Upper bound on blocks per stage (ResNet-1001 has 111). */
    public static final int MAX_BLOCKS_PER_STAGE = 1024;

    private static final Set<String> RESERVED_NAMES = Set.of("ResNetModel", "Architecture", "Stage", "Tensor");

    public ResNetSpec {
        layers = layers.clone();
        replaceStrideWithDilation = replaceStrideWithDilation.clone();
    }

    /** Starts a spec with torchvision's defaults for everything but block and layers. */
    public static Builder builder(String name, BlockType block, int... layers) {
        return new Builder(name, block, layers);
    }

    /** Every rule this spec breaks, in attribute order; empty when the spec is valid. */
    public List<SpecProblem> problems() {
        List<SpecProblem> out = new ArrayList<>();
        if (name == null || !SourceVersion.isName(name) || name.contains(".")) {
            out.add(new SpecProblem("name", "'" + name + "' is not a Java identifier"));
        } else if (RESERVED_NAMES.contains(name)) {
            out.add(new SpecProblem("name", "'" + name + "' collides with a resnet4j type of the same name"));
        }
        if (layers.length == 0) {
            out.add(new SpecProblem("layers", "must list at least one stage, e.g. {2, 2, 2, 2}"));
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] < 1) {
                out.add(new SpecProblem("layers", "stage " + (i + 1) + " has " + layers[i] + " blocks; each stage needs at least 1"));
            } else if (layers[i] > MAX_BLOCKS_PER_STAGE) {
                out.add(new SpecProblem("layers", "stage " + (i + 1) + " has " + layers[i] + " blocks; at most " + MAX_BLOCKS_PER_STAGE + " are supported"));
            }
        }
        if (numClasses < 1) {
            out.add(new SpecProblem("numClasses", "must be at least 1, got " + numClasses));
        }
        if (inChannels < 1 || inChannels > MAX_CHANNELS) {
            out.add(new SpecProblem("inChannels", "must be between 1 and " + MAX_CHANNELS + ", got " + inChannels));
        }
        if (baseWidth < 1) {
            out.add(new SpecProblem("baseWidth", "must be at least 1, got " + baseWidth));
        }
        if (groups < 1) {
            out.add(new SpecProblem("groups", "must be at least 1, got " + groups));
        }
        if (widthPerGroup < 1) {
            out.add(new SpecProblem("widthPerGroup", "must be at least 1, got " + widthPerGroup));
        }
        if (block == BlockType.BASIC) {
            if (groups != 1) {
                out.add(new SpecProblem("groups", "BASIC blocks only support groups = 1 (got " + groups + "); use BOTTLENECK for ResNeXt"));
            }
            if (widthPerGroup != 64) {
                out.add(new SpecProblem("widthPerGroup", "BASIC blocks only support widthPerGroup = 64 (got " + widthPerGroup + ")"));
            }
            for (boolean d : replaceStrideWithDilation) {
                if (d) {
                    out.add(new SpecProblem("replaceStrideWithDilation", "BASIC blocks do not support dilation"));
                    break;
                }
            }
        }
        if (replaceStrideWithDilation.length != 0 && layers.length > 0
                && replaceStrideWithDilation.length != layers.length - 1) {
            out.add(new SpecProblem("replaceStrideWithDilation", "needs one entry per stage after the first ("
                    + (layers.length - 1) + "), got " + replaceStrideWithDilation.length));
        }
        if (out.isEmpty()) {
            checkWidths(out);
        }
        return out;
    }

    private void checkWidths(List<SpecProblem> out) {
        for (int s = 0; s < layers.length; s++) {
            long planes = (long) baseWidth << s;
            long widest = Math.max(planes * block.expansion(), (long) bottleneckWidthUnchecked(planes));
            if (s >= 31 || widest > MAX_CHANNELS) {
                out.add(new SpecProblem("layers", layers.length + " stages starting at " + baseWidth
                        + " planes reach more than " + MAX_CHANNELS + " channels at stage " + (s + 1)));
                return;
            }
            if (block == BlockType.BOTTLENECK && bottleneckWidthUnchecked(planes) < 1) {
                out.add(new SpecProblem("widthPerGroup", "stage " + (s + 1) + " would have a 3×3 width of 0 ("
                        + planes + " planes × " + widthPerGroup + " / 64 × " + groups + " groups)"));
                return;
            }
        }
    }

    private long bottleneckWidthUnchecked(long planes) {
        return block == BlockType.BOTTLENECK ? planes * widthPerGroup / 64 * groups : planes;
    }

    /** Throws a {@link ResNet4jException} listing every problem, if there are any. */
    public ResNetSpec validate() {
        List<SpecProblem> problems = problems();
        if (!problems.isEmpty()) {
            throw new ResNet4jException("invalid ResNet spec '" + name + "': " + problems);
        }
        return this;
    }

    public int stages() {
        return layers.length;
    }

    public int blocksIn(int stage) {
        return layers[stage];
    }

    /** torchvision's {@code planes} of a stage: baseWidth doubled per stage. */
    public int planes(int stage) {
        return baseWidth << stage;
    }

    /** Output channels of every block of a stage. */
    public int outChannels(int stage) {
        return planes(stage) * block.expansion();
    }

    /** Width of the (grouped) 3×3 inside a bottleneck block of this stage; planes for a basic block. */
    public int bottleneckWidth(int stage) {
        return (int) bottleneckWidthUnchecked(planes(stage));
    }

    /** Stride of a stage's first block: 1 for the first stage and for stages that dilate instead. */
    public int stageStride(int stage) {
        return stage == 0 || dilates(stage) ? 1 : 2;
    }

    /** Whether stage {@code stage} (0-based) trades its stride for dilation. */
    public boolean dilates(int stage) {
        return stage > 0 && replaceStrideWithDilation.length == layers.length - 1
                && replaceStrideWithDilation[stage - 1];
    }

    /** The dilation blocks after the first of a stage use; the first block uses the previous stage's. */
    public int dilation(int stage) {
        int d = 1;
        for (int s = 1; s <= stage; s++) {
            if (dilates(s)) {
                d *= 2;
            }
        }
        return d;
    }

    /** Dilation of a stage's first block: torchvision gives it the dilation in force before the stage. */
    public int firstBlockDilation(int stage) {
        return stage == 0 ? 1 : dilation(stage - 1);
    }

    /** Channels entering the classifier. */
    public int featureChannels() {
        return outChannels(layers.length - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNetSpec s && name.equals(s.name) && block == s.block
                && Arrays.equals(layers, s.layers) && numClasses == s.numClasses && groups == s.groups
                && widthPerGroup == s.widthPerGroup && stride == s.stride
                && zeroInitResidual == s.zeroInitResidual
                && Arrays.equals(replaceStrideWithDilation, s.replaceStrideWithDilation)
                && inChannels == s.inChannels && baseWidth == s.baseWidth;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(layers);
    }

    @Override
    public String toString() {
        return name + "(" + block + ", layers=" + Arrays.toString(layers) + ", numClasses=" + numClasses
                + ", groups=" + groups + ", widthPerGroup=" + widthPerGroup + ", stride=" + stride
                + ", zeroInitResidual=" + zeroInitResidual + ", replaceStrideWithDilation="
                + Arrays.toString(replaceStrideWithDilation) + ", inChannels=" + inChannels
                + ", baseWidth=" + baseWidth + ")";
    }

    /** Builds a spec with torchvision's defaults; see {@link ResNet} for each attribute. */
    public static final class Builder {
        private final String name;
        private final BlockType block;
        private final int[] layers;
        private int numClasses = 1000;
        private int groups = 1;
        private int widthPerGroup = 64;
        private StridePlacement stride = StridePlacement.ON_3X3;
        private boolean zeroInitResidual;
        private boolean[] replaceStrideWithDilation = {};
        private int inChannels = 3;
        private int baseWidth = 64;

        private Builder(String name, BlockType block, int[] layers) {
            this.name = name;
            this.block = block;
            this.layers = layers.clone();
        }

        public Builder numClasses(int v) { numClasses = v; return this; }
        public Builder groups(int v) { groups = v; return this; }
        public Builder widthPerGroup(int v) { widthPerGroup = v; return this; }
        public Builder stride(StridePlacement v) { stride = v; return this; }
        public Builder zeroInitResidual(boolean v) { zeroInitResidual = v; return this; }
        public Builder replaceStrideWithDilation(boolean... v) { replaceStrideWithDilation = v.clone(); return this; }
        public Builder inChannels(int v) { inChannels = v; return this; }
        public Builder baseWidth(int v) { baseWidth = v; return this; }

        /** The spec, unvalidated: call {@link ResNetSpec#problems()} or {@link ResNetSpec#validate()}. */
        public ResNetSpec build() {
            return new ResNetSpec(name, block, layers, numClasses, groups, widthPerGroup, stride,
                    zeroInitResidual, replaceStrideWithDilation, inChannels, baseWidth);
        }
    }
}
