package io.resnet4j.models;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/**
 * Wide ResNet-50-2: ResNet-50 with each bottleneck's inner width (1×1 reduce and 3×3) doubled,
 * torchvision's {@code wide_resnet50_2}.
 *
 * <p>Zagoruyko, Komodakis, "Wide Residual Networks", BMVC 2016,
 * <a href="https://arxiv.org/abs/1605.07146">arXiv:1605.07146</a>.
 */
@ResNet(block = BlockType.BOTTLENECK, layers = {3, 4, 6, 3}, widthPerGroup = 128)
public interface WideResNet50_2Spec {}
