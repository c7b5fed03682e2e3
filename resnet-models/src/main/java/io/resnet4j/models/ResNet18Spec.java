package io.resnet4j.models;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/**
 * ResNet-18: basic blocks {2, 2, 2, 2}, torchvision's {@code resnet18}.
 *
 * <p>He, Zhang, Ren, Sun, "Deep Residual Learning for Image Recognition", CVPR 2016,
 * <a href="https://arxiv.org/abs/1512.03385">arXiv:1512.03385</a>.
 */
@ResNet(block = BlockType.BASIC, layers = {2, 2, 2, 2})
public interface ResNet18Spec {}
