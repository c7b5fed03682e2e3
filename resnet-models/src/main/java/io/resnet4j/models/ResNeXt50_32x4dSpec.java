package io.resnet4j.models;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/**
 * ResNeXt-50 (32×4d): ResNet-50's layout with 32 groups of width 4 in each 3×3, torchvision's
 * {@code resnext50_32x4d}.
 *
 * <p>Xie, Girshick, Dollár, Tu, He, "Aggregated Residual Transformations for Deep Neural Networks", CVPR 2017,
 * <a href="https://arxiv.org/abs/1611.05431">arXiv:1611.05431</a>.
 */
@ResNet(block = BlockType.BOTTLENECK, layers = {3, 4, 6, 3}, groups = 32, widthPerGroup = 4)
public interface ResNeXt50_32x4dSpec {}
