package dev.plantctl.connectors.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Line-oriented files that a killed writer may have left with a last line cut short. */
public final class TornLines {

    private TornLines() {
    }

    /**
     * Cuts a last line that has no line break (part of a line a killed writer left) off the file.
     *
     * @return the file's length afterwards; 0 when it does not exist
     */
    public static long dropTornLastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = channel.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < channel.size()) {
                channel.truncate(end);
            }
            return end;
        }
    }
}
