package io.resnet4j.models;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/**
 * ResNet-34: basic blocks {3, 4, 6, 3}, torchvision's {@code resnet34}.
 *
 * <p>He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
 * <a href="https://arxiv.org/abs/1512.03385">arXiv:1512.03385</a>.
 */
@ResNet(block = BlockType.BASIC, layers = {3, 4, 6, 3})
public interface ResNet34Spec {}
