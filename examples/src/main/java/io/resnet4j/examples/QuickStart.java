package io.resnet4j.examples;

import io.resnet4j.backend.Backend;
import io.resnet4j.backend.Backends;
import io.resnet4j.models.ResNet50;
import io.resnet4j.tensor.Tensor;

/** The README's example: a ResNet-50 with seeded weights, one forward pass on the best available backend. */
public final class QuickStart {
    private QuickStart() {}

    public static void main(String[] args) {
        ResNet50 model = ResNet50.create(42);                        // or load torchvision weights, see README
        System.out.println(model.layer3().block(0).conv2().describe()); // typed, torchvision-named accessors
        Tensor image = Tensor.zeros(1, 3, 224, 224);                  // N×C×H×W float32
        try (Backend backend = Backends.open("java")) {              // or Backends.open() to pick by rank
            Tensor logits = model.forward(image, backend);
            System.out.println("logits " + logits.shape());
        }
    }
}
