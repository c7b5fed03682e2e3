package io.resnet4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    private static final List<String> IDS = List.of("resnet18", "resnet34", "resnet50", "resnet101", "wideresnet50_2");

    @Test
    void typosFindTheIntendedName() {
        assertEquals(Optional.of("resnet50"), DidYouMean.closest("resnt50", IDS));     // deletion
        assertEquals(Optional.of("resnet50"), DidYouMean.closest("resnte50", IDS));    // transposition
        assertEquals(Optional.of("resnet18"), DidYouMean.closest("ResNet-18", IDS));   // case and dashes
        assertEquals(Optional.of("wideresnet50_2"), DidYouMean.closest("wide_resnet50_3", IDS));
        assertEquals(" (did you mean 'resnet34'?)", DidYouMean.hint("resnet43", IDS));
    }

    @Test
    void unrelatedNamesSuggestNothing() {
        assertEquals(Optional.empty(), DidYouMean.closest("vgg16", IDS));
        assertEquals(Optional.empty(), DidYouMean.closest("x", List.of("y")));
        assertEquals("", DidYouMean.hint("mobilenet", IDS));
        assertEquals(Optional.empty(), DidYouMean.closest("anything", List.of()));
    }

    @Test
    void distanceCountsEdits() {
        assertEquals(0, DidYouMean.distance("abc", "abc"));
        assertEquals(1, DidYouMean.distance("abc", "abd"));
        assertEquals(1, DidYouMean.distance("abc", "acb"));
        assertEquals(3, DidYouMean.distance("", "abc"));
    }
}
