package io.resnet4j.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.resnet4j.nn.ResNetModel;
import io.resnet4j.nn.StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The state_dict keys, order and shapes against torchvision's. The expected files were written with
 * {@code /usr/bin/python3 src/test/resources/torchvision/state_dict_layout.py resnet18 > .../resnet18.state_dict.tsv}
 * (likewise resnext50_32x4d), torchvision 0.14.1: one {@code key<TAB>d0,d1,...} line per entry.
 */
class StateDictLayoutTest {

    @Test
    void resnet18LayoutEqualsTorchvision() throws IOException {
        assertEquals(expected("resnet18"), actual(ResNet18.create(0)));
    }

    @Test
    void resnext50LayoutEqualsTorchvision() throws IOException {
        assertEquals(expected("resnext50_32x4d"), actual(ResNeXt50_32x4d.create(0)));
    }

    private static List<String> expected(String torchvisionName) throws IOException {
        String resource = "/torchvision/" + torchvisionName + ".state_dict.tsv";
        try (InputStream in = StateDictLayoutTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Creating a model declares its layout without materialising any weight. */
    private static List<String> actual(ResNetModel model) {
        return model.stateDict().layout().stream().map(StateDictLayoutTest::line).toList();
    }

    private static String line(StateDict.Entry e) {
        String dims = Arrays.stream(e.shape().toArray()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        return e.name() + "\t" + dims;
    }
}
