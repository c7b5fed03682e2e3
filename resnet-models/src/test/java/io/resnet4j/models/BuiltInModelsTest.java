package io.resnet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.Architectures;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The seven built-ins against torchvision's own counts and shapes. */
class BuiltInModelsTest {
    private static final Shape IMAGENET = Shape.of(1, 3, 224, 224);
    private static final Shape ODD = Shape.of(3, 3, 97, 131);
    private static final Shape TINY = Shape.of(1, 3, 1, 1);

    static Stream<TorchvisionReference> references() {
        return Arrays.stream(TorchvisionReference.ALL);
    }

    /** One model per reference, so the larger ones are not all held in memory at once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("references")
    void countsAndShapesEqualTorchvision(TorchvisionReference ref) {
        Architecture arch = Architectures.find(ref.id());
        assertEquals(ref.className(), arch.spec().name());
        ResNetModel model = arch.create(0);

        assertEquals(ref.parameters(), model.parameterCount(), "parameters");
        assertEquals(ref.macs224(), model.macs(IMAGENET), "MACs at " + IMAGENET);
        assertEquals(ref.macs97(), model.macs(ODD), "MACs at " + ODD);
        assertEquals(ref.macs1(), model.macs(TINY), "MACs at " + TINY);
        assertEquals(Shape.of(3, 1000), model.outputShape(ODD));
        assertEquals(Shape.of(1, 1000), model.outputShape(TINY));
    }

    @Test
    void summaryReportsTorchvisionTotals() {
        String summary = ResNet50.create(0).summary(IMAGENET);
        assertTrue(summary.contains("Total params: 25,557,032"), summary);
        assertTrue(summary.contains("Total MACs (convolutions + fc): 4,089,184,256 (4.0892 GMAC)"), summary);
        assertTrue(summary.contains("Output: [1, 1000]"), summary);
    }

    @Test
    void allSevenAreRegistered() {
        List<String> ids = Architectures.all().stream().map(Architecture::id).toList();
        assertEquals(List.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d",
                "wideresnet50_2"), ids);
    }

    @Test
    void torchvisionNamesFindTheArchitectures() {
        // torchvision's wide_resnet50_2 is WideResNet50_2 here: find() ignores case, underscores and dashes.
        assertEquals("WideResNet50_2", Architectures.find("wide_resnet50_2").spec().name());
        assertEquals("ResNeXt50_32x4d", Architectures.find("resnext50_32x4d").spec().name());
        assertEquals("ResNet50", Architectures.find("ResNet-50").spec().name());
    }

    @Test
    void architectureHandsOutTheTypedModel() {
        ResNetModel model = Architectures.find("resnet18").create(3);
        assertTrue(model instanceof ResNet18, model.getClass().getName());
        assertEquals(ResNet18.SPEC, model.spec());
        ResNet18 typed = (ResNet18) model;
        assertEquals(2, typed.layer1().size());
        assertEquals(512, typed.layer4().block(1).conv2().outChannels());
    }
}
