package io.resnet4j.examples;

import io.resnet4j.models.ResNet50;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.WeightLoader;
import java.nio.file.Path;

/** The README's "Real weights" snippet, compiled so that it cannot rot: torchvision weights into a ResNet-50. */
public final class RealWeights {
    private RealWeights() {}

    public static void main(String[] args) throws CheckpointException { // unreadable or mismatched file
        ResNet50 model = ResNet50.create(0);
        try (Checkpoint checkpoint = Checkpoints.read(Path.of("resnet50-0676ba61.pth"))) {
            WeightLoader.load(model.stateDict(), checkpoint, true);   // strict: every missing/unexpected/mis-shaped key at once
        }
    }
}
