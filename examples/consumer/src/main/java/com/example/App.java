package com.example;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.Checkpoint;
import io.resnet4j.weights.CheckpointException;
import io.resnet4j.weights.Checkpoints;
import io.resnet4j.weights.LoadReport;
import io.resnet4j.weights.WeightLoader;
import java.nio.file.Path;

/** Loads weights into your own architecture and classifies one (blank) image. Usage: App WEIGHTS */
public class App {
    public static void main(String[] args) throws CheckpointException {
        TinyNet model = TinyNet.create(0);                               // generated from TinyNetSpec
        try (Checkpoint checkpoint = Checkpoints.read(Path.of(args[0]))) { // .pth or .safetensors
            LoadReport report = WeightLoader.load(model.stateDict(), checkpoint, true);
            System.out.println(report.notes().getLast());                // "loaded 74 of 74 entries"
        }
        System.out.println(Backends.describe(Backends.discover()));     // java ... Vector API ...
        try (Backend backend = Backends.open()) {
            Tensor logits = model.forward(Tensor.zeros(1, 3, 64, 64), backend);
            System.out.println("logits " + logits.shape());              // [1, 10]
        }
    }
}
