package com.example;

import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNet;

/** Your own architecture: javac generates com.example.TinyNet (and TinyNetArchitecture, for `--arch tinynet`). */
@ResNet(block = BlockType.BASIC, layers = {1, 1, 1, 1}, numClasses = 10)
public interface TinyNetSpec {}
