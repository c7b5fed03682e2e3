package io.resnet4j.weights;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored (uncompressed) entries of a zip archive held in memory, located through the central directory
 * (zip64 included). Every offset and size is checked against the archive's length before it is used, and
 * entries are handed out as slices of the mapping, never copied.
 */
final class ZipArchive {
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_END = 0x06064b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xFFFF;
    private static final int MAX_ENTRIES = 1 << 20;
    private static final long U32_MAX = 0xFFFFFFFFL;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    /** One entry: where its data lies and whether it can be used. */
    record Entry(String name, int method, long dataOffset, long size) {}

    private final MemorySegment file;
    private final Map<String, Entry> entries;

    private ZipArchive(MemorySegment file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static boolean looksLikeZip(MemorySegment file) {
        return file.byteSize() >= 4 && (u32(file, 0) == LOCAL_HEADER || u32(file, 0) == END_OF_CENTRAL_DIRECTORY);
    }

    static ZipArchive open(MemorySegment file) {
        long eocd = findEndOfCentralDirectory(file);
        long count = u16(file, eocd + 10);
        long cdSize = u32(file, eocd + 12);
        long cdOffset = u32(file, eocd + 16);
        if (count == 0xFFFF || cdSize == U32_MAX || cdOffset == U32_MAX) {
            long[] zip64 = readZip64End(file, eocd);
            count = zip64[0];
            cdSize = zip64[1];
            cdOffset = zip64[2];
        }
        requireRange(file, cdOffset, cdSize, "central directory");
        if (count > MAX_ENTRIES) {
            throw new MalformedException("zip claims " + count + " entries (limit " + MAX_ENTRIES + ")");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        long pos = cdOffset;
        long end = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            Entry e = readCentralEntry(file, pos, end);
            if (entries.putIfAbsent(e.name(), e) != null) {
                throw new MalformedException("zip entry '" + e.name() + "' appears twice");
            }
            pos += 46 + u16(file, pos + 28) + u16(file, pos + 30) + u16(file, pos + 32);
        }
        return new ZipArchive(file, entries);
    }

    Map<String, Entry> entries() {
        return entries;
    }

    /** The entry's bytes as a slice of the archive; only stored entries can be read. */
    MemorySegment data(Entry e) {
        if (e.method() != 0) {
            throw new MalformedException("zip entry '" + e.name() + "' is compressed (method " + e.method()
                    + "); torch.save writes stored entries, re-save the checkpoint with torch.save");
        }
        return file.asSlice(e.dataOffset(), e.size());
    }

    private static long findEndOfCentralDirectory(MemorySegment file) {
        long size = file.byteSize();
        long lowest = Math.max(0, size - EOCD_SIZE - MAX_COMMENT);
        for (long p = size - EOCD_SIZE; p >= lowest; p--) {
            if (u32(file, p) == END_OF_CENTRAL_DIRECTORY && p + EOCD_SIZE + u16(file, p + 20) == size) {
                return p;
            }
        }
        throw new MalformedException("zip end-of-central-directory record not found (truncated file?)");
    }

    /** Returns {entry count, central directory size, central directory offset} from the zip64 records. */
    private static long[] readZip64End(MemorySegment file, long eocd) {
        long locator = eocd - 20;
        if (locator < 0 || u32(file, locator) != ZIP64_LOCATOR) {
            throw new MalformedException("zip needs zip64 records but has no zip64 locator");
        }
        long record = u64(file, locator + 8);
        requireRange(file, record, 56, "zip64 end-of-central-directory record");
        if (u32(file, record) != ZIP64_END) {
            throw new MalformedException("zip64 end-of-central-directory record has a bad signature");
        }
        return new long[] {u64(file, record + 32), u64(file, record + 40), u64(file, record + 48)};
    }

    private static Entry readCentralEntry(MemorySegment file, long pos, long end) {
        if (pos < 0 || pos + 46 > end || u32(file, pos) != CENTRAL_HEADER) {
            throw new MalformedException("zip central directory is corrupt at offset " + pos);
        }
        int method = u16(file, pos + 10);
        long compressed = u32(file, pos + 20);
        long size = u32(file, pos + 24);
        int nameLength = u16(file, pos + 28);
        int extraLength = u16(file, pos + 30);
        int commentLength = u16(file, pos + 32);
        long localOffset = u32(file, pos + 42);
        if (pos + 46 + nameLength + extraLength + commentLength > end) {
            throw new MalformedException("zip central directory entry at offset " + pos + " runs past the directory");
        }
        String name = new String(file.asSlice(pos + 46, nameLength).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        // zip64: a field stored as 0xFFFFFFFF is in the extra field instead, in this fixed order.
        long extra = pos + 46 + nameLength;
        long extraEnd = extra + extraLength;
        while (extra + 4 <= extraEnd) {
            int id = u16(file, extra);
            int length = u16(file, extra + 2);
            long field = extra + 4;
            if (field + length > extraEnd) {
                throw new MalformedException("zip entry '" + name + "' has a corrupt extra field");
            }
            if (id == 0x0001) {
                long fieldEnd = field + length;
                if (size == U32_MAX) {
                    size = zip64Field(file, field, fieldEnd, name);
                    field += 8;
                }
                if (compressed == U32_MAX) {
                    compressed = zip64Field(file, field, fieldEnd, name);
                    field += 8;
                }
                if (localOffset == U32_MAX) {
                    localOffset = zip64Field(file, field, fieldEnd, name);
                }
            }
            extra += 4 + length;
        }
        if (method == 0 && compressed != size) {
            throw new MalformedException("zip entry '" + name + "' is stored but its sizes differ (" + compressed + " vs " + size + ")");
        }
        requireRange(file, localOffset, 30, "local header of zip entry '" + name + "'");
        if (u32(file, localOffset) != LOCAL_HEADER) {
            throw new MalformedException("zip entry '" + name + "' has no local header at offset " + localOffset);
        }
        long dataOffset = localOffset + 30 + u16(file, localOffset + 26) + u16(file, localOffset + 28);
        requireRange(file, dataOffset, compressed, "data of zip entry '" + name + "'");
        return new Entry(name, method, dataOffset, compressed);
    }

    private static long zip64Field(MemorySegment file, long at, long end, String name) {
        if (at + 8 > end) {
            throw new MalformedException("zip entry '" + name + "' lacks its zip64 size/offset field");
        }
        return u64(file, at);
    }

    /** Fails unless [offset, offset+length) lies inside the file; robust against negative and huge values. */
    static void requireRange(MemorySegment file, long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > file.byteSize() || length > file.byteSize() - offset) {
            throw new MalformedException(what + " (offset " + Long.toUnsignedString(offset) + ", " + Long.toUnsignedString(length)
                    + " bytes) lies outside the file of " + file.byteSize() + " bytes");
        }
    }

    private static int u16(MemorySegment file, long at) {
        requireRange(file, at, 2, "zip field");
        return Short.toUnsignedInt(file.get(U16, at));
    }

    private static long u32(MemorySegment file, long at) {
        requireRange(file, at, 4, "zip field");
        return Integer.toUnsignedLong(file.get(U32, at));
    }

    private static long u64(MemorySegment file, long at) {
        requireRange(file, at, 8, "zip field");
        return file.get(U64, at);
    }
}
