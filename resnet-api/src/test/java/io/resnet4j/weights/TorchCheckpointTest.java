package io.resnet4j.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.resnet4j.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torch.save zips made by PyTorch 1.13 (make_fixtures.py) against numpy's values for the same tensors. */
class TorchCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryTensorOfATorchSaveZipExactlyAndInOrder() throws Exception {
        try (Checkpoint cp = Checkpoints.read(Fixtures.path("tiny.pth"))) {
            assertSameAsReference(cp);
            assertTrue(cp.notes().contains("converted 1 float16 tensor to float32"), cp.notes().toString());
            assertTrue(cp.notes().contains("converted 1 bfloat16 tensor to float32"), cp.notes().toString());
            assertTrue(cp.notes().contains("converted 1 float64 tensor to float32"), cp.notes().toString());
            assertTrue(cp.notes().contains("gathered 1 non-contiguous tensor"), cp.notes().toString());
        }
    }

    @Test
    void unwrapsStateDictAndStripsDataParallelPrefix() throws Exception {
        try (Checkpoint cp = Checkpoints.read(Fixtures.path("nested.pth"))) {
            assertSameAsReference(cp);
            assertTrue(cp.notes().stream().anyMatch(n -> n.startsWith("unwrapped 'state_dict'") && n.contains("'epoch'")), cp.notes().toString());
            int keys = Fixtures.expected().size();
            assertTrue(cp.notes().contains("stripped 'module.' from " + keys + " keys"), cp.notes().toString());
        }
    }

    @Test
    void refusesLegacySerializationWithAdvice() {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(Fixtures.path("legacy.pth")));
        assertEquals(Fixtures.path("legacy.pth") + ": " + Checkpoints.LEGACY, e.getMessage());
    }

    @Test
    void refusesCompressedEntries() throws Exception {
        Map<String, byte[]> entries = TorchZip.entries(Fixtures.path("tiny.pth"));
        Path file = TorchZip.write(dir, "deflated.pth", TorchZip.build(entries, true));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().contains("is compressed"), e.getMessage());
    }

    @Test
    void findsTheArchiveFolderWhateverItIsCalled() throws Exception {
        // java.util.zip writes no 64-byte alignment padding and a different folder name than torch: both fine.
        Map<String, byte[]> renamed = new java.util.LinkedHashMap<>();
        TorchZip.entries(Fixtures.path("tiny.pth")).forEach((k, v) -> renamed.put("some name/" + k.substring(k.indexOf('/') + 1), v));
        Path file = TorchZip.write(dir, "renamed.pth", TorchZip.build(renamed, false));
        try (Checkpoint cp = Checkpoints.read(file)) {
            assertSameAsReference(cp);
        }
    }

    @Test
    void rejectsNonTensorValuesAndIntegerTensorsByName() throws Exception {
        byte[] stringValue = PickleBytes.proto2().op('}').str("fc.weight").str("oops").op('s').stop();
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Checkpoints.read(TorchZip.write(dir, "str.pth", TorchZip.withPickle(stringValue, Map.of()))));
        assertTrue(e.getMessage().contains("'fc.weight' is a str, not a tensor"), e.getMessage());

        byte[] intVector = PickleBytes.proto2().op('}').str("idx")
                .tensor("LongStorage", "0", 3, 0, new long[] {3}, new long[] {1}).op('s').stop();
        e = assertThrows(CheckpointException.class,
                () -> Checkpoints.read(TorchZip.write(dir, "long.pth", TorchZip.withPickle(intVector, Map.of("0", new byte[24])))));
        assertTrue(e.getMessage().contains("'idx' is an int64 tensor of shape [3]"), e.getMessage());
    }

    @Test
    void closedCheckpointRefusesAccess() throws Exception {
        Checkpoint cp = Checkpoints.read(Fixtures.path("tiny.pth"));
        cp.close();
        assertThrows(IllegalStateException.class, cp::tensors);
    }

    /** Every reference key, in the reference order, with numpy's exact values; the int64 one as a counter. */
    static void assertSameAsReference(Checkpoint cp) {
        Map<String, Map<String, Object>> expected = Fixtures.expected();
        List<String> floatKeys = new ArrayList<>();
        List<String> intKeys = new ArrayList<>();
        expected.forEach((k, v) -> (v.containsKey("int") ? intKeys : floatKeys).add(k));
        assertEquals(floatKeys, new ArrayList<>(cp.tensors().keySet()));
        assertEquals(intKeys, new ArrayList<>(cp.counters().keySet()));
        for (String k : floatKeys) {
            Tensor t = cp.tensors().get(k);
            Fixtures.assertMatches(k, expected.get(k), t);
        }
        assertEquals(42L, cp.counters().get("bn.num_batches_tracked"));
    }
}
