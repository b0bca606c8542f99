package dev.cdcsync.connector.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdcsync.core.spi.DeadLetter;
import dev.cdcsync.core.spi.DeadLetterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code errors.dead-letter-file}: one JSON object per letter and line, appended and forced to disk before the pipeline
 * goes on. After a crash a letter may be written twice (the batch is replayed); {@code id} tells them apart.
 */
final class JsonLinesDeadLetters implements DeadLetterStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;

    JsonLinesDeadLetters(Path file) {
        this.file = file;
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the dead-letter file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void store(DeadLetter letter) {
        ObjectNode line = JSON.createObjectNode().put("pipeline", letter.pipeline()).put("id", letter.id())
                .put("table", letter.table()).put("key", letter.key()).put("position", letter.position())
                .put("error", letter.error()).put("at", letter.at().toString());
        try {
            if (letter.table() != null && letter.row() != null) {
                line.set("row", JSON.readTree(letter.row()));
            } else {
                line.put("record", letter.row());
            }
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the dead-letter file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String where() {
        return "file " + file.toAbsolutePath();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to write
        }
    }
}
