package io.resnet4j.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted pickle reader (protocols 2 to 5) for the opcodes {@code torch.save} emits. It is a data
 * parser, not a Python VM: globals, calls and persistent ids are delegated to {@link PickleRules}, and every
 * size (strings, memo, stack, MARK nesting, container elements) is checked before anything is allocated, so a
 * hostile pickle ends in a {@link MalformedException} and never in an OOM or a stack overflow. Nothing here
 * recurses over the values, so deeply nested or self-referencing containers are harmless.
 */
final class Unpickler {
    static final int MAX_STRING_BYTES = 16 << 20;
    static final int MAX_MEMO = 1 << 20;
    static final int MAX_STACK = 1 << 20;
    static final int MAX_MARK_DEPTH = 1000;
    static final int MAX_CONTAINER_ITEMS = 1 << 20;
    private static final int MAX_GLOBAL_NAME = 256;

    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment in;
    private final PickleRules rules;
    private final String name;
    private long pos;
    private long opcodeAt;
    private final List<Object> stack = new ArrayList<>();
    private final int[] marks = new int[MAX_MARK_DEPTH];
    private int markDepth;
    private final Map<Long, Object> memo = new HashMap<>();

    private Unpickler(MemorySegment in, PickleRules rules, String name) {
        this.in = in;
        this.rules = rules;
        this.name = name;
    }

    /** Reads the single object pickled in {@code in}; {@code name} labels error messages. */
    static Object load(MemorySegment in, PickleRules rules, String name) {
        return new Unpickler(in, rules, name).run();
    }

    private Object run() {
        while (true) {
            opcodeAt = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int protocol = u8();
                    if (protocol < 2 || protocol > 5) {
                        throw fault("unsupported pickle protocol " + protocol);
                    }
                }
                case 0x95 -> { // FRAME: a length hint only; the data follows inline
                    long length = i64();
                    if (length < 0 || length > in.byteSize() - pos) {
                        throw fault("frame of " + Long.toUnsignedString(length) + " bytes runs past the end");
                    }
                }
                case '.' -> { // STOP
                    if (markDepth != 0 || stack.size() != 1) {
                        throw fault("STOP with " + stack.size() + " values on the stack and " + markDepth + " open MARKs");
                    }
                    return stack.getFirst();
                }
                case 'c' -> push(rules.global(line(), line())); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object n = pop();
                    Object m = pop();
                    if (!(m instanceof String module) || !(n instanceof String global)) {
                        throw fault("STACK_GLOBAL needs two strings, got " + PyObjects.typeName(m) + " and " + PyObjects.typeName(n));
                    }
                    push(rules.global(module, global));
                }
                case 0x94 -> memoize(memo.size(), top()); // MEMOIZE
                case 'q' -> memoize(u8(), top()); // BINPUT
                case 'r' -> memoize(u32(), top()); // LONG_BINPUT
                case 'h' -> push(recall(u8())); // BINGET
                case 'j' -> push(recall(u32())); // LONG_BINGET
                case '(' -> { // MARK
                    if (markDepth == MAX_MARK_DEPTH) {
                        throw fault("more than " + MAX_MARK_DEPTH + " nested MARKs");
                    }
                    marks[markDepth++] = stack.size();
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(top()); // DUP
                case ')' -> push(new PyObjects.Tuple(List.of())); // EMPTY_TUPLE
                case 't' -> push(new PyObjects.Tuple(popMark())); // TUPLE
                case 0x85 -> push(new PyObjects.Tuple(List.of(pop()))); // TUPLE1
                case 0x86 -> { // TUPLE2
                    Object b = pop();
                    push(new PyObjects.Tuple(List.of(pop(), b)));
                }
                case 0x87 -> { // TUPLE3
                    Object c = pop();
                    Object b = pop();
                    push(new PyObjects.Tuple(List.of(pop(), b, c)));
                }
                case '}' -> push(new LinkedHashMap<Object, Object>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<Object>()); // EMPTY_LIST
                case 'a' -> { // APPEND
                    Object item = pop();
                    append(list(top()), List.of(item));
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popMark();
                    append(list(top()), items);
                }
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    setItems(dict(top()), List.of(key, value));
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark();
                    setItems(dict(top()), items);
                }
                case 'X' -> push(string(u32())); // BINUNICODE
                case 0x8c -> push(string(u8())); // SHORT_BINUNICODE
                case 0x8d -> push(string(i64())); // BINUNICODE8
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 'B' -> push(bytes(u32())); // BINBYTES
                case 0x8e -> push(bytes(i64())); // BINBYTES8
                case 'J' -> push((long) i32()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) u16()); // BININT2
                case 0x8a -> push(long1()); // LONG1
                case 'N' -> push(PyObjects.None.NONE); // NONE
                case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                case 'G' -> { // BINFLOAT
                    require(8);
                    push(in.get(F64_BE, pos));
                    pos += 8;
                }
                case 'Q' -> push(rules.persistentLoad(pop())); // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    if (!(args instanceof PyObjects.Tuple tuple)) {
                        throw fault("REDUCE arguments must be a tuple, got " + PyObjects.typeName(args));
                    }
                    push(rules.reduce(callable, tuple));
                }
                case 'b' -> { // BUILD
                    Object state = pop();
                    Object target = pop();
                    push(rules.build(target, state));
                }
                default -> throw fault(String.format("unsupported pickle opcode 0x%02x", op));
            }
        }
    }

    private MalformedException fault(String message) {
        return new MalformedException(name + " at byte " + opcodeAt + ": " + message);
    }

    private void push(Object o) {
        if (stack.size() == MAX_STACK) {
            throw fault("pickle stack exceeds " + MAX_STACK + " values");
        }
        stack.add(o);
    }

    private Object pop() {
        int floor = markDepth == 0 ? 0 : marks[markDepth - 1];
        if (stack.size() <= floor) {
            throw fault("pickle stack underflow");
        }
        return stack.removeLast();
    }

    private Object top() {
        int floor = markDepth == 0 ? 0 : marks[markDepth - 1];
        if (stack.size() <= floor) {
            throw fault("pickle stack underflow");
        }
        return stack.getLast();
    }

    /** Removes and returns everything above the innermost MARK. */
    private List<Object> popMark() {
        if (markDepth == 0) {
            throw fault("no MARK to pop to");
        }
        int from = marks[--markDepth];
        List<Object> tail = stack.subList(from, stack.size());
        List<Object> items = new ArrayList<>(tail);
        tail.clear();
        return items;
    }

    private void memoize(long index, Object value) {
        if (!memo.containsKey(index) && memo.size() == MAX_MEMO) {
            throw fault("pickle memo exceeds " + MAX_MEMO + " entries");
        }
        memo.put(index, value);
    }

    private Object recall(long index) {
        Object value = memo.get(index);
        if (value == null) {
            throw fault("memo entry " + index + " was never stored");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw fault("cannot append to a " + PyObjects.typeName(o));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) {
        if (o instanceof LinkedHashMap<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw fault("cannot set items on a " + PyObjects.typeName(o));
    }

    private void append(List<Object> list, List<Object> items) {
        if (items.size() > MAX_CONTAINER_ITEMS - list.size()) {
            throw fault("list exceeds " + MAX_CONTAINER_ITEMS + " items");
        }
        list.addAll(items);
    }

    private void setItems(Map<Object, Object> dict, List<Object> keysAndValues) {
        if (keysAndValues.size() % 2 != 0) {
            throw fault("SETITEMS with an odd number of values");
        }
        for (int i = 0; i < keysAndValues.size(); i += 2) {
            Object key = keysAndValues.get(i);
            // Only scalar keys: their equals/hashCode cannot recurse into (possibly cyclic) containers.
            if (!(key instanceof String || key instanceof Long || key instanceof Boolean || key instanceof Double
                    || key instanceof PyObjects.None)) {
                throw fault("unsupported dict key type " + PyObjects.typeName(key));
            }
            if (!dict.containsKey(key) && dict.size() == MAX_CONTAINER_ITEMS) {
                throw fault("dict exceeds " + MAX_CONTAINER_ITEMS + " items");
            }
            dict.put(key, keysAndValues.get(i + 1));
        }
    }

    private void require(long n) {
        if (n < 0 || n > in.byteSize() - pos) {
            throw fault("truncated pickle: needs " + Long.toUnsignedString(n) + " more bytes, " + (in.byteSize() - pos) + " left");
        }
    }

    private int u8() {
        require(1);
        return Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, pos++));
    }

    private int u16() {
        require(2);
        int v = Short.toUnsignedInt(in.get(U16, pos));
        pos += 2;
        return v;
    }

    private int i32() {
        require(4);
        int v = in.get(I32, pos);
        pos += 4;
        return v;
    }

    private long u32() {
        return Integer.toUnsignedLong(i32());
    }

    private long i64() {
        require(8);
        long v = in.get(I64, pos);
        pos += 8;
        return v;
    }

    /** LONG1: a little-endian two's-complement integer of up to 8 bytes (larger ones are refused). */
    private long long1() {
        int n = u8();
        if (n > 8) {
            throw fault("integer of " + n + " bytes does not fit in int64");
        }
        require(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) Byte.toUnsignedInt(in.get(ValueLayout.JAVA_BYTE, pos + i)) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v |= -1L << (8 * n); // sign-extend
        }
        pos += n;
        return v;
    }

    private byte[] bytes(long n) {
        if (n < 0 || n > MAX_STRING_BYTES) {
            throw fault("string of " + Long.toUnsignedString(n) + " bytes exceeds the limit of " + MAX_STRING_BYTES);
        }
        require(n);
        byte[] b = in.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return b;
    }

    private String string(long n) {
        byte[] b = bytes(n);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw fault("string is not valid UTF-8");
        }
    }

    /** One newline-terminated ASCII line, as GLOBAL uses for module and name. */
    private String line() {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return sb.toString();
            }
            if (c < 0x20 || c > 0x7e || sb.length() == MAX_GLOBAL_NAME) {
                throw fault("malformed GLOBAL name");
            }
            sb.append((char) c);
        }
    }
}
