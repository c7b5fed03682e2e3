package io.resnet4j.models;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/**
 * ResNet-152: bottleneck blocks {3, 8, 36, 3}, torchvision's {@code resnet152}.
 *
 * <p>He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
 * <a href="https://arxiv.org/abs/1512.03385">arXiv:1512.03385</a>.
 */
@ResNet(block = BlockType.BOTTLENECK, layers = {3, 8, 36, 3})
public interface ResNet152Spec {}
