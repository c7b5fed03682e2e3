package io.resnet4j.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.ResNet4jException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResNetSpecTest {

    private static List<String> attributes(ResNetSpec spec) {
        return spec.problems().stream().map(SpecProblem::attribute).toList();
    }

    @Test
    void torchvisionSpecsAreValid() {
        assertEquals(List.of(), ResNetSpec.builder("ResNet50", BlockType.BOTTLENECK, 3, 4, 6, 3).build().problems());
        assertEquals(List.of(), ResNetSpec.builder("X", BlockType.BOTTLENECK, 3, 4, 6, 3).groups(32).widthPerGroup(4)
                .replaceStrideWithDilation(false, true, true).build().problems());
    }

    @Test
    void eachRuleNamesItsAttribute() {
        assertEquals(List.of("layers"), attributes(ResNetSpec.builder("A", BlockType.BASIC).build()));
        assertEquals(List.of("layers"), attributes(ResNetSpec.builder("A", BlockType.BASIC, 2, 0).build()));
        assertEquals(List.of("name"), attributes(ResNetSpec.builder("1abc", BlockType.BASIC, 2).build()));
        assertEquals(List.of("name"), attributes(ResNetSpec.builder("class", BlockType.BASIC, 2).build()));
        assertEquals(List.of("numClasses"), attributes(ResNetSpec.builder("A", BlockType.BASIC, 2).numClasses(0).build()));
        assertEquals(List.of("groups"), attributes(ResNetSpec.builder("A", BlockType.BASIC, 2).groups(2).build()));
        assertEquals(List.of("widthPerGroup"), attributes(ResNetSpec.builder("A", BlockType.BASIC, 2).widthPerGroup(32).build()));
        assertEquals(List.of("replaceStrideWithDilation"),
                attributes(ResNetSpec.builder("A", BlockType.BASIC, 2, 2).replaceStrideWithDilation(true).build()));
        assertEquals(List.of("replaceStrideWithDilation"),
                attributes(ResNetSpec.builder("A", BlockType.BOTTLENECK, 2, 2).replaceStrideWithDilation(true, true).build()));
        assertEquals(List.of("inChannels"), attributes(ResNetSpec.builder("A", BlockType.BASIC, 2).inChannels(0).build()));
        assertEquals(List.of("widthPerGroup"),
                attributes(ResNetSpec.builder("A", BlockType.BOTTLENECK, 2).baseWidth(8).groups(32).widthPerGroup(4).build()));
        assertEquals(List.of("layers"), attributes(ResNetSpec.builder("A", BlockType.BASIC, new int[20]).build()).subList(0, 1));
    }

    @Test
    void tooManyStagesOverflowChannelsAndIsRefused() {
        int[] layers = new int[16];
        java.util.Arrays.fill(layers, 1);
        assertTrue(ResNetSpec.builder("A", BlockType.BASIC, layers).build().problems().getFirst().message().contains("channels"));
    }

    @Test
    void validateListsEveryProblem() {
        ResNet4jException e = assertThrows(ResNet4jException.class,
                () -> ResNetSpec.builder("A", BlockType.BASIC, 0).numClasses(-1).build().validate());
        assertTrue(e.getMessage().contains("layers") && e.getMessage().contains("numClasses"), e.getMessage());
    }

    @Test
    void dilationFollowsTorchvision() {
        ResNetSpec s = ResNetSpec.builder("D", BlockType.BOTTLENECK, 1, 1, 1, 1)
                .replaceStrideWithDilation(false, true, true).build();
        assertEquals(List.of(1, 2, 1, 1), List.of(s.stageStride(0), s.stageStride(1), s.stageStride(2), s.stageStride(3)));
        assertEquals(List.of(1, 1, 2, 4), List.of(s.dilation(0), s.dilation(1), s.dilation(2), s.dilation(3)));
        assertEquals(List.of(1, 1, 1, 2), List.of(s.firstBlockDilation(0), s.firstBlockDilation(1),
                s.firstBlockDilation(2), s.firstBlockDilation(3)));
    }

    @Test
    void widthsDoublePerStage() {
        ResNetSpec s = ResNetSpec.builder("W", BlockType.BOTTLENECK, 3, 4, 6, 3).widthPerGroup(128).build();
        assertEquals(128, s.bottleneckWidth(0));
        assertEquals(1024, s.bottleneckWidth(3));
        assertEquals(2048, s.featureChannels());
    }
}
