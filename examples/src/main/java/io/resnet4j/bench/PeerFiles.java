package io.resnet4j.bench;

import java.nio.file.Path;

/**
 * One model saved twice by {@code tools/bench/export_onnx.py}: the state_dict resnet4j loads and the ONNX graph of
 * the same torchvision module, so that both runtimes compute with the very same weights.
 */
public record PeerFiles(Path stateDict, Path onnx) {}
