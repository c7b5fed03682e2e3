package io.resnet4j.weights;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The allow-list for {@code torch.save} pickles: OrderedDict, tensor and parameter rebuilding and the typed
 * storage classes, each implemented here in Java. Anything else is refused by name before it could matter.
 * Tensors become {@link TensorRef}s (descriptions, not data), so only the ones actually used get decoded.
 */
final class TorchPickleRules implements PickleRules {
    private static final String ORDERED_DICT = "collections.OrderedDict";
    private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor_v2";
    private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    private static final Map<String, ElementType> STORAGES = Map.of(
            "torch.FloatStorage", ElementType.F32,
            "torch.DoubleStorage", ElementType.F64,
            "torch.HalfStorage", ElementType.F16,
            "torch.BFloat16Storage", ElementType.BF16,
            "torch.LongStorage", ElementType.I64,
            "torch.IntStorage", ElementType.I32);

    /** A storage as named by a persistent id: zip entry {@code data/<key>} holding {@code numel} elements. */
    record StorageRef(String key, ElementType type, long numel) {}

    /** A tensor as described by {@code _rebuild_tensor_v2}; already validated against its storage. */
    record TensorRef(StorageRef storage, StridedView view) {}

    /** Looks up the zip entry behind a storage key and checks its size; provided by the archive reader. */
    interface StorageCheck {
        void require(StorageRef storage);
    }

    private final StorageCheck storages;

    TorchPickleRules(StorageCheck storages) {
        this.storages = storages;
    }

    @Override
    public Object global(String module, String name) {
        String qualified = module + "." + name;
        if (qualified.equals(ORDERED_DICT) || qualified.equals(REBUILD_TENSOR) || qualified.equals(REBUILD_PARAMETER)
                || STORAGES.containsKey(qualified)) {
            return new PyObjects.Global(module, name);
        }
        String hint = module.startsWith("torch") || module.startsWith("__torch__") || module.startsWith("torchvision")
                ? "; save model.state_dict() rather than the model object"
                : "";
        throw new MalformedException("refused pickle global '" + qualified + "': not on the allow-list"
                + " (only state_dict tensors can be read; nothing in the file is ever executed)" + hint);
    }

    @Override
    public Object reduce(Object callable, PyObjects.Tuple args) {
        if (!(callable instanceof PyObjects.Global g)) {
            throw new MalformedException("REDUCE on a " + PyObjects.typeName(callable) + ", which is not callable");
        }
        return switch (g.qualifiedName()) {
            case ORDERED_DICT -> orderedDict(args);
            case REBUILD_TENSOR -> rebuildTensor(args);
            case REBUILD_PARAMETER -> rebuildParameter(args);
            default -> throw new MalformedException(g.qualifiedName() + " cannot be called");
        };
    }

    @Override
    public Object build(Object target, Object state) {
        // torch.save(model.state_dict()) attaches '_metadata' (per-module versions) to the OrderedDict; the
        // weights do not depend on it, so it is accepted and dropped.
        if (target instanceof LinkedHashMap<?, ?>) {
            return target;
        }
        throw new MalformedException("BUILD on a " + PyObjects.typeName(target) + " is not supported");
    }

    @Override
    public Object persistentLoad(Object pid) {
        if (!(pid instanceof PyObjects.Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
            throw new MalformedException("persistent id is not ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof PyObjects.Global g) || !STORAGES.containsKey(g.qualifiedName())) {
            throw new MalformedException("persistent id names " + PyObjects.typeName(t.get(1)) + ", not a storage class");
        }
        if (!(t.get(2) instanceof String key) || !(t.get(3) instanceof String) || !(t.get(4) instanceof Long numel) || numel < 0) {
            throw new MalformedException("persistent id for a " + g.name() + " has a malformed key, location or size");
        }
        StorageRef ref = new StorageRef(key, STORAGES.get(g.qualifiedName()), numel);
        storages.require(ref);
        return ref;
    }

    private static Object orderedDict(PyObjects.Tuple args) {
        if (args.size() != 0) {
            throw new MalformedException("collections.OrderedDict is only supported without arguments");
        }
        return new LinkedHashMap<Object, Object>();
    }

    private static TensorRef rebuildTensor(PyObjects.Tuple args) {
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.size() < 6 || args.size() > 7) {
            throw new MalformedException("_rebuild_tensor_v2 takes 6 or 7 arguments, got " + args.size());
        }
        if (!(args.get(0) instanceof StorageRef storage)) {
            throw new MalformedException("_rebuild_tensor_v2: first argument is a " + PyObjects.typeName(args.get(0)) + ", not a storage");
        }
        if (!(args.get(1) instanceof Long offset)) {
            throw new MalformedException("_rebuild_tensor_v2: storage offset is a " + PyObjects.typeName(args.get(1)));
        }
        long[] size = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        String what = "tensor in storage '" + storage.key() + "'";
        return new TensorRef(storage, StridedView.of(offset, size, stride, storage.numel(), what));
    }

    private static TensorRef rebuildParameter(PyObjects.Tuple args) {
        if (args.size() != 3 || !(args.get(0) instanceof TensorRef tensor)) {
            throw new MalformedException("_rebuild_parameter expects (tensor, requires_grad, hooks)");
        }
        return tensor;
    }

    private static long[] longs(Object o, String what) {
        if (!(o instanceof PyObjects.Tuple t) || t.size() > StridedView.MAX_RANK) {
            throw new MalformedException("_rebuild_tensor_v2: " + what + " must be a tuple of at most " + StridedView.MAX_RANK + " ints");
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v)) {
                throw new MalformedException("_rebuild_tensor_v2: " + what + " holds a " + PyObjects.typeName(t.get(i)));
            }
            out[i] = v;
        }
        return out;
    }
}
