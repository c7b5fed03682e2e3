package io.resnet4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.resnet4j.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The checked-in checkpoints made by make_fixtures.py and their numpy reference values (expected.json). */
final class Fixtures {
    private Fixtures() {}

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/weights/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** key → {"shape": [...], "values": [...]} or {"int": n}, in torch's state_dict order. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> expected() {
        try {
            return (Map<String, Map<String, Object>>) Json.parse(Files.readString(path("expected.json")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts {@code actual} has exactly numpy's shape and float32 values (bit for bit). */
    static void assertMatches(String key, Map<String, Object> reference, Tensor actual) {
        List<?> shape = (List<?>) reference.get("shape");
        assertArrayEquals(shape.stream().mapToInt(o -> ((Long) o).intValue()).toArray(), actual.shape().toArray(), key + " shape");
        List<?> values = (List<?>) reference.get("values");
        assertEquals(values.size(), actual.data().length, key + " size");
        for (int i = 0; i < values.size(); i++) {
            float want = ((Number) values.get(i)).floatValue();
            assertEquals(want, actual.data()[i], 0f, key + "[" + i + "]");
        }
    }
}
