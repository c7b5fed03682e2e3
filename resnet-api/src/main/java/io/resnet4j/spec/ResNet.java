package io.resnet4j.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a ResNet. Put it on an interface; resnet4j's annotation processor generates a typed model class
 * (and registers it as an {@link io.resnet4j.nn.Architecture}). An invalid spec is a compile error on this
 * annotation.
 *
 * <pre>{@code
 * @ResNet(block = BlockType.BOTTLENECK, layers = {3, 4, 6, 3})
 * interface ResNet50Spec {}
 * }</pre>
 *
 * Stage {@code i} (0-based) has {@code baseWidth << i} planes, as in torchvision.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface ResNet {
    /** Name of the generated class; empty means the interface's name without a trailing {@code Spec}. */
    String name() default "";

    BlockType block();

    /** Blocks per stage; one entry per stage, at least one stage. */
    int[] layers();

    int numClasses() default 1000;

    /** Groups of the 3×3 convolution (ResNeXt's cardinality). BOTTLENECK only. */
    int groups() default 1;

    /** Width of each group at the first stage (64 plain, 4 for ResNeXt-50 32×4d, 128 for Wide ResNet-50-2). */
    int widthPerGroup() default 64;

    StridePlacement stride() default StridePlacement.ON_3X3;

    /** Initialise the last BatchNorm γ of every block to zero, so each block starts as the identity. */
    boolean zeroInitResidual() default false;

    /** For each stage after the first: trade its stride for dilation (BOTTLENECK only). Empty means none. */
    boolean[] replaceStrideWithDilation() default {};

    int inChannels() default 3;

    /** Planes of the first stage; torchvision uses 64. Smaller values give small test models. */
    int baseWidth() default 64;
}
