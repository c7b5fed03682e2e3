package io.resnet4j.weights;

import java.util.List;

/**
 * The Python values the restricted unpickler produces. Plain Java types stand in where they fit: {@code String}
 * (str), {@code Long} (int), {@code Double} (float), {@code Boolean}, {@code byte[]} (bytes),
 * {@code ArrayList<Object>} (list) and {@code LinkedHashMap<Object, Object>} (dict, OrderedDict).
 */
final class PyObjects {
    private PyObjects() {}

    /** Python's None (Java collections here never hold null). */
    enum None { NONE }

    /** An immutable tuple. */
    record Tuple(List<Object> items) {
        Tuple {
            items = List.copyOf(items);
        }

        int size() {
            return items.size();
        }

        Object get(int i) {
            return items.get(i);
        }
    }

    /** A global that passed the allow-list; only rules implemented in Java give it meaning. */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }
    }

    /** A short type name for messages; never renders the value itself (it may be huge or cyclic). */
    static String typeName(Object o) {
        return switch (o) {
            case String s -> "str";
            case Long l -> "int";
            case Double d -> "float";
            case Boolean b -> "bool";
            case byte[] b -> "bytes";
            case None n -> "None";
            case Tuple t -> "tuple";
            case Global g -> g.qualifiedName();
            case java.util.List<?> l -> "list";
            case java.util.Map<?, ?> m -> "dict";
            default -> o.getClass().getSimpleName();
        };
    }
}
