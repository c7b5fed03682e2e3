package io.resnet4j.spec;

/** The residual block a ResNet is made of. */
public enum BlockType {
    /** Two 3×3 convolutions; expansion 1 (ResNet-18/34). */
    BASIC(1),
    /** 1×1 reduce, 3×3 (optionally grouped), 1×1 expand; expansion 4 (ResNet-50 and deeper). */
    BOTTLENECK(4);

    private final int expansion;

    BlockType(int expansion) {
        this.expansion = expansion;
    }

    /** How many times wider a block's output is than its stage's planes. */
    public int expansion() {
        return expansion;
    }
}
