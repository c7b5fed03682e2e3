package io.resnet4j.spec;

/**
 * Where a bottleneck block puts its stride. Exactly one convolution of a block strides in both cases;
 * for the basic block it is always the first 3×3.
 */
public enum StridePlacement {
    /** torchvision's "ResNet v1.5": the 3×3 strides. The default, and what torchvision checkpoints need. */
    ON_3X3,
    /** The original paper's v1: the first 1×1 strides. */
    ON_1X1
}
