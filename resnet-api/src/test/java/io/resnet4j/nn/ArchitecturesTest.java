package io.resnet4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {
    @Test
    void idsSortWithNumbersInNumericOrder() {
        List<String> ids = new ArrayList<>(List.of("resnet152", "resnext50_32x4d", "resnet18", "resnet101", "resnet26",
                "resnet50", "wideresnet50_2", "resnet34"));
        ids.sort(Architectures::compareNatural);
        assertEquals(List.of("resnet18", "resnet26", "resnet34", "resnet50", "resnet101", "resnet152", "resnext50_32x4d",
                "wideresnet50_2"), ids);
    }
}
