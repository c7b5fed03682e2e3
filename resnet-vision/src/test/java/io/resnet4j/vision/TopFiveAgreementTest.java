package io.resnet4j.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.backend.java.JavaBackend;
import io.resnet4j.nn.Architectures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A torchvision checkpoint (resnet18 with seeded weights, saved by {@code torch.save(model.state_dict())}) gives
 * the same top-5 classes, in the same order, with probabilities within 1e-4 of PyTorch's, from image files
 * through resnet4j's whole pipeline (decode, transform, java backend, softmax).
 */
class TopFiveAgreementTest {
    static final double PROBABILITY_TOLERANCE = 1e-4;

    @Test
    void topFiveClassesAndProbabilitiesAgreeWithPyTorch() throws Exception {
        List<TorchvisionReference.Top5> expected = TorchvisionReference.top5();
        assertFalse(expected.isEmpty());
        List<Path> files = new ArrayList<>();
        for (TorchvisionReference.Top5 t : expected) {
            files.add(TorchvisionReference.dir().resolve("images").resolve(t.name()));
        }
        try (JavaBackend backend = new JavaBackend();
             Classifier classifier = Classifier.builder()
                     .architecture(Architectures.find("resnet18"))
                     .weights(TorchvisionReference.checkpoint())
                     .backend(backend).batchSize(4).build()) {
            List<Classification> results = classifier.classifyAll(files);
            double worst = 0;
            for (int i = 0; i < expected.size(); i++) {
                TorchvisionReference.Top5 want = expected.get(i);
                Classification got = results.get(i);
                assertFalse(got.failed(), got.error());
                // The order of the fifth and sixth classes is only meaningful if PyTorch saw them apart.
                assertTrue(want.logitGap() > 1e-3, want.name() + ": near-tie in the reference, pick other data");
                int[] indices = got.top().stream().mapToInt(Prediction::index).toArray();
                assertArrayEquals(want.indices(), indices, want.name() + ": top-5 classes");
                for (int k = 0; k < 5; k++) {
                    double diff = Math.abs(got.top().get(k).probability() - want.probabilities()[k]);
                    worst = Math.max(worst, diff);
                    assertTrue(diff <= PROBABILITY_TOLERANCE, want.name() + " rank " + (k + 1) + ": |Δp| = " + diff);
                }
                assertEquals(Labels.imageNet().get(indices[0]), got.best().label());
            }
            System.out.printf("top-5 agreement with PyTorch on %d images: max |Δprobability| %.3g%n",
                    expected.size(), worst);
        }
    }
}
