package io.resnet4j.codegen;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.resnet4j.nn.Architecture;
import io.resnet4j.nn.BasicBlock;
import io.resnet4j.nn.Bottleneck;
import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.StateDict;
import io.resnet4j.spec.BlockType;
import io.resnet4j.spec.ResNetSpec;
import io.resnet4j.spec.StridePlacement;
import io.resnet4j.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated classes compile, load and build the model torchvision would. Reference numbers come from
 * torchvision 0.14.1 via {@code sum(p.numel() for p in m.parameters())} and {@code len(m.state_dict())}.
 */
class GeneratedModelTest {

    @Test
    void resnet18MatchesTorchvision() throws Exception {
        Architecture arch = architecture(Sources.compile(
                Sources.spec("ResNet18Spec", "block = BlockType.BASIC", "layers = {2, 2, 2, 2}")), "ResNet18");
        ResNetModel model = arch.create(7);

        assertEquals(ResNetSpec.builder("ResNet18", BlockType.BASIC, 2, 2, 2, 2).build(), arch.spec());
        assertEquals("resnet18", arch.id());
        assertEquals(11_689_512L, model.parameterCount());
        List<StateDict.Entry> layout = model.stateDict().layout();
        assertEquals(122, layout.size());
        assertEquals(new StateDict.Entry("conv1.weight", Shape.of(64, 3, 7, 7), StateDict.Kind.PARAMETER), layout.getFirst());
        assertEquals("layer2.0.downsample.0.weight", layout.get(42).name());
        assertEquals(new StateDict.Entry("fc.bias", Shape.of(1000), StateDict.Kind.PARAMETER), layout.getLast());
        BasicBlock first = assertInstanceOf(BasicBlock.class, model.stages().get(1).block(0));
        assertEquals(2, first.conv1().stride());
        assertTrue(first.downsample().isPresent());
    }

    /**
     * Grouped, dilated, v1-strided, zero-initialised: torchvision's
     * {@code ResNet(Bottleneck, [1, 1, 2, 2], num_classes=10, groups=2, width_per_group=32,
     * replace_stride_with_dilation=[False, True, True], zero_init_residual=True)}.
     */
    @Test
    void dilatedGroupedBottleneckMatchesTorchvision() throws Exception {
        Architecture arch = architecture(Sources.compile(Sources.spec("DilatedSpec",
                "block = BlockType.BOTTLENECK", "layers = {1, 1, 2, 2}", "numClasses = 10", "groups = 2",
                "widthPerGroup = 32", "replaceStrideWithDilation = {false, true, true}",
                "stride = StridePlacement.ON_1X1", "zeroInitResidual = true")), "Dilated");
        ResNetModel model = arch.create(1);

        assertEquals(10_574_922L, model.parameterCount());
        assertEquals(140, model.stateDict().layout().size());
        Bottleneck layer2 = block(model, 1, 0);
        assertEquals(2, layer2.conv1().stride(), "v1 strides the first 1x1");
        assertEquals(1, layer2.conv2().stride());
        assertEquals(128, layer2.conv2().inChannels());
        assertEquals(2, layer2.conv2().groups());
        // The first block of a dilating stage keeps the previous dilation; torchvision's numbers, stage by stage.
        assertEquals(1, block(model, 2, 0).conv2().dilation());
        assertEquals(2, block(model, 2, 1).conv2().dilation());
        assertEquals(2, block(model, 3, 0).conv2().dilation());
        assertEquals(4, block(model, 3, 1).conv2().dilation());
        assertEquals(1, block(model, 3, 0).downsample().orElseThrow().conv().stride());
        assertFalse(block(model, 3, 1).downsample().isPresent());
        assertArrayEquals(new float[1024], block(model, 2, 0).bn3().weight().data(), "zero_init_residual");
        assertEquals(Shape.of(1, 10), model.outputShape(Shape.of(1, 3, 64, 64)));
        assertEquals(StridePlacement.ON_1X1, arch.spec().stride());
    }

    private static Bottleneck block(ResNetModel model, int stage, int block) {
        return assertInstanceOf(Bottleneck.class, model.stages().get(stage).block(block));
    }

    private static Architecture architecture(Compilation c, String name) throws Exception {
        assertThat(c).succeededWithoutWarnings();
        Class<?> type = new CompiledClassLoader(c).loadClass("test." + name + "Architecture");
        return (Architecture) type.getConstructor().newInstance();
    }
}
