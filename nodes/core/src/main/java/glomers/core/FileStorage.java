package glomers.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * {@link Storage} in a directory. Each record is framed as length, CRC-32C and payload; record
 * files are opened with {@code O_APPEND}, appends are buffered and written and fsynced on
 * {@link #sync} (group commit: one write and one fsync per file per batch). A reader stops at the
 * first frame that is short or fails its checksum, which is where a crash tore the last write,
 * and cuts the file there. Small files are replaced by writing a temporary file, fsyncing it,
 * renaming it over the old one and fsyncing the directory. A lock file held for the life of the
 * process keeps a second writer out.
 */
@SuppressForbidden("the runtime's own durable storage: node logic reaches it only through Storage")
public final class FileStorage implements Storage {

    private static final int HEADER_BYTES = 8;
    /** Larger than any record this project writes; a length beyond it is a torn or foreign frame. */
    static final int MAX_RECORD_BYTES = 64 << 20;

    private final Path directory;
    private final FileChannel lockChannel;
    private final Map<String, FileChannel> channels = new LinkedHashMap<>();
    private final Map<String, ByteArrayOutputStream> unsynced = new LinkedHashMap<>();
    /** Per record file, where the next appended record will start: its length plus what is buffered. */
    private final Map<String, Long> nextPosition = new LinkedHashMap<>();
    private final Map<String, FileChannel> readers = new LinkedHashMap<>();

    private FileStorage(Path directory, FileChannel lockChannel) {
        this.directory = directory;
        this.lockChannel = lockChannel;
    }

    /** The opener the stdio runtime hands out. */
    public static FileStorage open(String directory) throws IOException {
        Path dir = Path.of(directory).toAbsolutePath();
        Files.createDirectories(dir);
        FileChannel lock = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = lock.tryLock();
        } catch (OverlappingFileLockException e) {
            held = null; // this very process holds it already
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        if (held == null) {
            lock.close();
            throw new IOException(dir + " is in use by another process (its LOCK file is locked): one writer per directory");
        }
        return new FileStorage(dir, lock);
    }

    @Override
    public List<Record> recover(String file) throws IOException {
        Path path = directory.resolve(file);
        List<Record> records = new ArrayList<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            nextPosition.put(file, 0L);
            return records;
        }
        int good = parse(bytes, records);
        nextPosition.put(file, (long) good);
        if (good < bytes.length) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                channel.truncate(good);
                channel.force(true);
            }
        }
        return records;
    }

    /** Adds each whole record of {@code bytes} to {@code out}; returns the length they cover. */
    static int parse(byte[] bytes, List<Record> out) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int good = 0;
        while (buffer.remaining() >= HEADER_BYTES) {
            int start = buffer.position();
            int length = buffer.getInt();
            int crc = buffer.getInt();
            if (length < 0 || length > MAX_RECORD_BYTES || length > buffer.remaining()) {
                break;
            }
            byte[] record = new byte[length];
            buffer.get(record);
            if (crc(record) != crc) {
                break;
            }
            out.add(new Record(start, record));
            good = buffer.position();
        }
        return good;
    }

    /** Every whole record of {@code bytes}. */
    static List<byte[]> parseAll(byte[] bytes) {
        List<Record> records = new ArrayList<>();
        parse(bytes, records);
        return records.stream().map(Record::bytes).toList();
    }

    static byte[] frame(byte[] record) {
        return ByteBuffer.allocate(HEADER_BYTES + record.length).putInt(record.length).putInt(crc(record))
                .put(record).array();
    }

    private static int crc(byte[] record) {
        CRC32C crc = new CRC32C();
        crc.update(record);
        return (int) crc.getValue();
    }

    @Override
    public long append(String file, byte[] record) throws IOException {
        if (record.length > MAX_RECORD_BYTES) {
            throw new IOException("record of " + record.length + " bytes is over the limit of " + MAX_RECORD_BYTES);
        }
        Long position = nextPosition.get(file);
        if (position == null) {
            // Not recovered first: append after whatever the file already holds.
            Path path = directory.resolve(file);
            position = Files.exists(path) ? Files.size(path) : 0L;
        }
        byte[] framed = frame(record);
        unsynced.computeIfAbsent(file, f -> new ByteArrayOutputStream()).writeBytes(framed);
        nextPosition.put(file, position + framed.length);
        return position;
    }

    @Override
    public byte[] readRecord(String file, long position) throws IOException {
        FileChannel channel = readers.get(file);
        if (channel == null) {
            channel = FileChannel.open(directory.resolve(file), StandardOpenOption.READ);
            readers.put(file, channel);
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(channel, header, position);
        int length = header.getInt(0);
        int crc = header.getInt(4);
        if (length < 0 || length > MAX_RECORD_BYTES) {
            throw new IOException("no record at " + file + ":" + position + " (length " + length + ")");
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(channel, body, position + HEADER_BYTES);
        byte[] record = body.array();
        if (crc(record) != crc) {
            throw new IOException("the record at " + file + ":" + position + " fails its checksum");
        }
        return record;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("the file ends before the record at " + position + " does");
            }
        }
    }

    @Override
    public void sync() throws IOException {
        for (Map.Entry<String, ByteArrayOutputStream> e : unsynced.entrySet()) {
            if (e.getValue().size() == 0) {
                continue;
            }
            FileChannel channel = channels.get(e.getKey());
            if (channel == null) {
                channel = FileChannel.open(directory.resolve(e.getKey()), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                channels.put(e.getKey(), channel);
            }
            ByteBuffer bytes = ByteBuffer.wrap(e.getValue().toByteArray());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            e.getValue().reset();
        }
    }

    @Override
    public byte[] read(String file) throws IOException {
        try {
            return Files.readAllBytes(directory.resolve(file));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void replace(String file, byte[] contents) throws IOException {
        Path target = directory.resolve(file);
        Path temp = directory.resolve(file + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(contents);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public void delete(String file) throws IOException {
        for (Map<String, FileChannel> open : List.of(channels, readers)) {
            FileChannel channel = open.remove(file);
            if (channel != null) {
                channel.close();
            }
        }
        unsynced.remove(file);
        nextPosition.remove(file);
        if (Files.deleteIfExists(directory.resolve(file))) {
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            }
        }
    }

    /**
     * Releases the lock and the files. A node never calls it (it holds its directory until the
     * process dies); tests that reopen a directory in one JVM do.
     */
    public void close() throws IOException {
        for (FileChannel channel : channels.values()) {
            channel.close();
        }
        for (FileChannel channel : readers.values()) {
            channel.close();
        }
        channels.clear();
        readers.clear();
        lockChannel.close();
    }

    @Override
    public String toString() {
        return "FileStorage[" + directory + ", locked by " + lockChannel + "]";
    }
}
