package io.resnet4j.models;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/**
 * ResNet-50: bottleneck blocks {3, 4, 6, 3}, torchvision's {@code resnet50} (v1.5: the 3×3 strides).
 *
 * <p>He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
 * <a href="https://arxiv.org/abs/1512.03385">arXiv:1512.03385</a>.
 */
@ResNet(block = BlockType.BOTTLENECK, layers = {3, 4, 6, 3})
public interface ResNet50Spec {}
