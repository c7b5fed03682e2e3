package io.resnet4j.backend.tornadovm;

/**
 * Conv weights in the order {@link CpuConvKernel} reads them: per group and block of {@link CpuConvKernel#BM}
 * output channels, the reduction index (input channel × tap) outermost and the block's channels innermost, so one
 * reduction step reads its weights as one contiguous run. A block that overhangs the group's channels is padded
 * with zeros. Done once per compiled graph, on the host, replacing the original layout (not beside it).
 */
final class CpuWeights {
    private CpuWeights() {}

    /**
     * @param weight [cout][cin/groups][k][k], as in Conv2d
     * @param bias   [cout], appended after the packed weights (one array fewer per kernel launch)
     */
    static float[] pack(float[] weight, float[] bias, int cout, int groups) {
        int coutG = cout / groups;
        int depth = weight.length / cout;
        int blocks = (coutG + CpuConvKernel.BM - 1) / CpuConvKernel.BM;
        int weights = groups * blocks * depth * CpuConvKernel.BM;
        float[] packed = new float[weights + cout];
        System.arraycopy(bias, 0, packed, weights, cout);
        for (int g = 0; g < groups; g++) {
            for (int oc = 0; oc < coutG; oc++) {
                int block = g * blocks + oc / CpuConvKernel.BM;
                int lane = oc % CpuConvKernel.BM;
                int from = (g * coutG + oc) * depth;
                for (int kk = 0; kk < depth; kk++) {
                    packed[(block * depth + kk) * CpuConvKernel.BM + lane] = weight[from + kk];
                }
            }
        }
        return packed;
    }
}
