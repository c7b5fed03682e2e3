package io.resnet4j.codegen;

import io.resnet4j.spec.ResNetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The constructor arguments of one residual block, worked out the way torchvision's {@code _make_layer} does,
 * so the generated constructor can spell every block out with literal numbers.
 *
 * @param width      channels of the bottleneck's 3×3 (planes for a basic block)
 * @param projection whether the shortcut needs a 1×1 projection ({@code downsample})
 */
record BlockPlan(String name, int inplanes, int planes, int width, int stride, int groups, int dilation,
        boolean projection) {

    /** One list per stage ({@code layer1} first), one plan per block. The spec must be valid. */
    static List<List<BlockPlan>> of(ResNetSpec spec) {
        List<List<BlockPlan>> stages = new ArrayList<>();
        int inplanes = spec.baseWidth(); // the stem's output
        for (int s = 0; s < spec.stages(); s++) {
            List<BlockPlan> blocks = new ArrayList<>();
            int planes = spec.planes(s);
            int out = spec.outChannels(s);
            for (int b = 0; b < spec.blocksIn(s); b++) {
                boolean first = b == 0;
                int stride = first ? spec.stageStride(s) : 1;
                // torchvision gives the first block the dilation in force before the stage, the rest the new one.
                int dilation = first ? spec.firstBlockDilation(s) : spec.dilation(s);
                boolean projection = first && (stride != 1 || inplanes != out);
                blocks.add(new BlockPlan(stageName(s) + "." + b, inplanes, planes, spec.bottleneckWidth(s), stride,
                        spec.groups(), dilation, projection));
                inplanes = out;
            }
            stages.add(blocks);
        }
        return stages;
    }

    /** torchvision's attribute name of stage {@code s} (0-based): {@code layer1} … {@code layerN}. */
    static String stageName(int s) {
        return "layer" + (s + 1);
    }
}
