package io.resnet4j.examples;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/**
 * A custom depth: 26 layers = stem conv + 4 stages × 2 bottlenecks × 3 convs + fc. The annotation processor
 * generates {@code ResNet26} next to this interface, and the CLI finds it as {@code --arch resnet26}.
 */
@ResNet(block = BlockType.BOTTLENECK, layers = {2, 2, 2, 2})
public interface ResNet26Spec {}
