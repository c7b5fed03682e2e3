package com.example;

import io.resnet4j.nn.StateDict;
import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.DType;
import io.resnet4j.weights.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Stands in for a training run: saves TinyNet's seeded weights as safetensors. Usage: SaveWeights FILE [SEED] */
public class SaveWeights {
    public static void main(String[] args) throws IOException {
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
        StateDict state = TinyNet.create(seed).stateDict();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (StateDict.Entry entry : state.layout()) {
            if (entry.kind() == StateDict.Kind.COUNTER) {
                counters.put(entry.name(), state.counter(entry.name()));
            } else {
                tensors.put(entry.name(), state.tensor(entry.name()));
            }
        }
        Safetensors.write(Path.of(args[0]), tensors, counters, DType.F32);
        System.out.println("wrote " + args[0]);
    }
}
