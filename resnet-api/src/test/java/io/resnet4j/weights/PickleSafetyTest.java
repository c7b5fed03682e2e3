package io.resnet4j.weights;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile pickles: refused with a message naming the culprit, and nothing in them ever runs. */
class PickleSafetyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"os,system", "posix,system", "builtins,eval", "subprocess,Popen", "torch,load", "__builtin__,exec"})
    void refusesDangerousGlobalsAndRunsNothing(String module, String name) throws Exception {
        Path marker = dir.resolve("pwned-" + name);
        // Unpickled by Python, this is os.system("touch <marker>") etc.: the call happens at REDUCE.
        byte[] pickle = PickleBytes.proto2().global(module, name).str("touch " + marker).op(0x85).op('R').stop();
        Path file = TorchZip.write(dir, "evil.pth", TorchZip.withPickle(pickle, Map.of()));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("refused pickle global '" + module + "." + name + "'"), e.getMessage());
        assertFalse(Files.exists(marker), "payload must not have run");
    }

    @Test
    void refusesStackGlobalToo() throws Exception {
        byte[] pickle = PickleBytes.proto2().str("os").str("system").op(0x93).str("id").op(0x85).op('R').stop();
        assertFault(pickle, "refused pickle global 'os.system'");
    }

    @Test
    void survivesHundredThousandMarks() throws Exception {
        assertFault(PickleBytes.proto2().repeat('(', 100_000).stop(), "more than 1000 nested MARKs");
    }

    @Test
    void deeplyNestedAndSelfReferencingContainersAreHarmless() throws Exception {
        // 100k lists, each appended into the previous one: nesting without recursion in the reader.
        byte[] nested = PickleBytes.proto2().repeat(']', 100_000).repeat('a', 99_999).stop();
        assertFault(nested, "checkpoint holds a list, not a state_dict");
        // A dict that contains itself: {'x': <itself>}.
        byte[] cyclic = PickleBytes.proto2().op('}').op('q').op(0).str("x").op('h').op(0).op('s').stop();
        assertFault(cyclic, "'x' is a dict, not a tensor");
        // 100k nested tuples.
        byte[] tuples = PickleBytes.proto2().op(')').repeat(0x85, 100_000).stop();
        assertFault(tuples, "checkpoint holds a tuple");
    }

    @Test
    void refusesHugeLengthsBeforeAllocating() throws Exception {
        byte[] hugeString = PickleBytes.proto2().op('X').op(0xff).op(0xff).op(0xff).op(0x7f).stop();
        assertFault(hugeString, "exceeds the limit");
        byte[] bigUnicode8 = PickleBytes.proto2().op(0x8d).repeat(0xff, 8).stop();
        assertFault(bigUnicode8, "exceeds the limit");
        byte[] truncated = PickleBytes.proto2().op('X').op(100).op(0).op(0).op(0).op('a').stop();
        assertFault(truncated, "truncated pickle");
    }

    @Test
    void refusesTensorsOutsideTheirStorage() throws Exception {
        Map<String, byte[]> storage = Map.of("0", new byte[16]);
        assertFault(tensor(0, new long[] {5}, new long[] {1}), storage, "reach element 4 of a storage of 4");
        assertFault(tensor(-1, new long[] {2}, new long[] {1}), storage, "negative storage offset -1");
        assertFault(tensor(0, new long[] {-2}, new long[] {1}), storage, "invalid dimension -2");
        assertFault(tensor(0, new long[] {2, 2}, new long[] {-1, 1}), storage, "negative stride");
        assertFault(tensor(0, new long[] {1L << 40, 1L << 40}, new long[] {0, 0}), storage, "invalid dimension");
        assertFault(tensor(0, new long[] {1 << 20, 1 << 20}, new long[] {0, 0}), storage, "more elements than a Java array holds");
        assertFault(tensor(Long.MAX_VALUE, new long[] {2}, new long[] {Long.MAX_VALUE}), storage, "reach element");
        // Zero strides may expand a tiny storage; the output budget stops that from exhausting the heap.
        assertFault(tensor(0, new long[] {1 << 15, 1 << 15}, new long[] {0, 0}), storage, "more elements than the file can hold");
    }

    @Test
    void refusesStorageWhoseEntryIsMissingOrTooSmall() throws Exception {
        assertFault(tensor(0, new long[] {4}, new long[] {1}), Map.of(), "storage '0' has no zip entry archive/data/0");
        assertFault(tensor(0, new long[] {4}, new long[] {1}), Map.of("0", new byte[12]), "but its entry has 12 bytes");
    }

    @Test
    void refusesZipEntryClaimingGigabytes() throws Exception {
        byte[] zip = Files.readAllBytes(Fixtures.path("tiny.pth"));
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int central = findLast(zip, 0x02014b50);
        b.putInt(central + 20, 0xF0000000).putInt(central + 24, 0xF0000000);
        Path file = TorchZip.write(dir, "giga.pth", zip);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().contains("4026531840 bytes) lies outside the file"), e.getMessage());
    }

    private static byte[] tensor(long offset, long[] size, long[] stride) {
        return PickleBytes.proto2().op('}').str("w").tensor("FloatStorage", "0", 4, offset, size, stride).op('s').stop();
    }

    private void assertFault(byte[] pickle, String expected) throws Exception {
        assertFault(pickle, Map.of(), expected);
    }

    private void assertFault(byte[] pickle, Map<String, byte[]> storages, String expected) throws Exception {
        Path file = TorchZip.write(dir, "case.pth", TorchZip.withPickle(pickle, storages));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(expected), e.getMessage());
    }

    private static int findLast(byte[] data, int signature) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = data.length - 4; i >= 0; i--) {
            if (b.getInt(i) == signature) {
                return i;
            }
        }
        throw new AssertionError("signature not found");
    }
}
