package io.resnet4j.weights;

import io.resnet4j.tensor.Tensor;
import io.resnet4j.weights.TorchPickleRules.StorageRef;
import io.resnet4j.weights.TorchPickleRules.TensorRef;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a {@code torch.save} zip checkpoint (PyTorch ≥ 1.6) into a {@link Checkpoint}. */
final class TorchZipReader {
    /** Keys under which training scripts commonly nest the state dict, tried in this order. */
    private static final List<String> WRAPPERS = List.of("state_dict", "model");
    private static final int MAX_UNWRAP = 4;

    private final Path source;
    private final ZipArchive zip;
    private final String prefix;
    private final List<String> notes = new ArrayList<>();

    private TorchZipReader(Path source, ZipArchive zip, String prefix) {
        this.source = source;
        this.zip = zip;
        this.prefix = prefix;
    }

    static Checkpoint read(Path source, MemorySegment file) {
        ZipArchive zip = ZipArchive.open(file);
        return new TorchZipReader(source, zip, findPrefix(zip)).read(file.byteSize());
    }

    /** The archive's top folder, whatever torch named it (the file stem, or {@code archive}). */
    private static String findPrefix(ZipArchive zip) {
        String found = null;
        for (String name : zip.entries().keySet()) {
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash).equals("/data.pkl")) {
                if (found != null) {
                    throw new MalformedException("zip holds several data.pkl entries ('" + found + "data.pkl', '" + name + "')");
                }
                found = name.substring(0, slash + 1);
            }
        }
        if (found == null) {
            throw new MalformedException("zip has no <folder>/data.pkl entry: not a torch.save checkpoint");
        }
        return found;
    }

    private Checkpoint read(long fileSize) {
        ByteOrder order = byteOrder();
        Object root = Unpickler.load(zip.data(zip.entries().get(prefix + "data.pkl")), new TorchPickleRules(this::requireStorage), prefix + "data.pkl");
        Map<?, ?> stateDict = unwrap(root);
        TensorDecoder decoder = new TensorDecoder(order);
        // Views of one storage could describe far more elements than the file holds (e.g. 10^5 keys sharing
        // one large storage); cap the output at twice the file plus slack so a small file cannot exhaust the heap.
        long budget = 2 * fileSize + (1 << 20);
        LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
        LinkedHashMap<String, Long> counters = new LinkedHashMap<>();
        Map<ElementType, Integer> converted = new EnumMap<>(ElementType.class);
        int gathered = 0;
        for (Map.Entry<?, ?> e : stateDict.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new MalformedException("state_dict key " + PyObjects.typeName(e.getKey()) + " is not a string");
            }
            if (!(e.getValue() instanceof TensorRef ref)) {
                throw new MalformedException("state_dict entry '" + key + "' is a " + PyObjects.typeName(e.getValue()) + ", not a tensor");
            }
            StorageRef storage = ref.storage();
            MemorySegment bytes = storageBytes(storage);
            if (!storage.type().isFloat) {
                if (ref.view().sizes().length != 0) {
                    throw new MalformedException("'" + key + "' is an " + storage.type().torchName() + " tensor of shape "
                            + java.util.Arrays.toString(ref.view().sizes()) + "; only integer scalars (such as num_batches_tracked) are supported");
                }
                counters.put(key, decoder.integerScalar(bytes, storage.type(), ref.view()));
                continue;
            }
            budget -= ref.view().numel();
            if (budget < 0) {
                throw new MalformedException("tensors describe more elements than the file can hold (overlapping views of shared storages?)");
            }
            if (storage.type() != ElementType.F32) {
                converted.merge(storage.type(), 1, Integer::sum);
            }
            if (!ref.view().isContiguous()) {
                gathered++;
            }
            tensors.put(key, Tensor.wrap(decoder.floats(bytes, storage.type(), ref.view()), ref.view().shape()));
        }
        converted.forEach((type, n) -> notes.add("converted " + n + " " + type.torchName() + " tensor" + (n == 1 ? "" : "s") + " to float32"));
        if (gathered > 0) {
            notes.add("gathered " + gathered + " non-contiguous tensor" + (gathered == 1 ? "" : "s"));
        }
        if (order == ByteOrder.BIG_ENDIAN) {
            notes.add("converted from big-endian");
        }
        return ModulePrefix.normalise(source, tensors, counters, notes);
    }

    /** Descends through {'state_dict': ...} / {'model': ...} wrappers to the dict of tensors. */
    private Map<?, ?> unwrap(Object root) {
        Object current = root;
        for (int depth = 0; depth <= MAX_UNWRAP; depth++) {
            if (!(current instanceof Map<?, ?> map)) {
                throw new MalformedException("checkpoint holds a " + PyObjects.typeName(current) + ", not a state_dict (a dict of tensors)");
            }
            Object inner = null;
            for (String wrapper : WRAPPERS) {
                if (map.get(wrapper) instanceof Map<?, ?> nested) {
                    notes.add("unwrapped '" + wrapper + "'" + ignoredSiblings(map, wrapper));
                    inner = nested;
                    break;
                }
            }
            if (inner == null) {
                return map;
            }
            current = inner;
        }
        throw new MalformedException("state_dict nested more than " + MAX_UNWRAP + " levels deep");
    }

    private static String ignoredSiblings(Map<?, ?> map, String kept) {
        List<String> others = new ArrayList<>();
        for (Object k : map.keySet()) {
            if (!kept.equals(k)) {
                others.add(k instanceof String s ? "'" + s + "'" : PyObjects.typeName(k));
            }
        }
        if (others.isEmpty()) {
            return "";
        }
        return " (ignored " + (others.size() > 10 ? others.subList(0, 10) + " and " + (others.size() - 10) + " more" : others.toString()) + ")";
    }

    private ByteOrder byteOrder() {
        ZipArchive.Entry entry = zip.entries().get(prefix + "byteorder");
        if (entry == null) {
            return ByteOrder.LITTLE_ENDIAN; // written only by torch ≥ 1.13; older files are little-endian
        }
        MemorySegment data = zip.data(entry);
        String text = data.byteSize() > 16 ? "?" : new String(data.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII).trim();
        return switch (text) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new MalformedException("byteorder entry says '" + text + "', expected 'little' or 'big'");
        };
    }

    private void requireStorage(StorageRef storage) {
        storageBytes(storage);
    }

    private MemorySegment storageBytes(StorageRef storage) {
        String name = prefix + "data/" + storage.key();
        ZipArchive.Entry entry = zip.entries().get(name);
        if (entry == null) {
            throw new MalformedException("storage '" + storage.key() + "' has no zip entry " + name);
        }
        long needed = storage.numel() > Long.MAX_VALUE / storage.type().bytes ? -1 : storage.numel() * storage.type().bytes;
        if (needed != entry.size()) {
            throw new MalformedException("storage '" + storage.key() + "' should hold " + storage.numel() + " " + storage.type().torchName()
                    + " values (" + Long.toUnsignedString(needed) + " bytes) but its entry has " + entry.size() + " bytes");
        }
        return zip.data(entry);
    }
}
