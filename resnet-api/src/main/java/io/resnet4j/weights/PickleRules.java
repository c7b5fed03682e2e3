package io.resnet4j.weights;

/**
 * What a pickle may refer to beyond plain data. The unpickler never loads or calls anything itself: every
 * global, call and persistent id goes through these methods, which either build a Java value or refuse.
 */
interface PickleRules {
    /** The value GLOBAL/STACK_GLOBAL pushes; throws {@link MalformedException} for anything not allow-listed. */
    Object global(String module, String name);

    /** REDUCE: "calls" {@code callable} (from {@link #global}) with {@code args}, in Java. */
    Object reduce(Object callable, PyObjects.Tuple args);

    /** BUILD: applies {@code state} to {@code target}; returns the resulting object. */
    Object build(Object target, Object state);

    /** BINPERSID: resolves a persistent id (PyTorch uses these for storages). */
    Object persistentLoad(Object pid);
}
