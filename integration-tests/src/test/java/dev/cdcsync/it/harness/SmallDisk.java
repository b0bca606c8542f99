package dev.cdcsync.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real file system that fills up: a tmpfs of a few megabytes mounted on a temporary directory, so a
 * server writing there gets ENOSPC. Mounting needs root (as on CI here); elsewhere the test is reported
 * as skipped, never as passed.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;

    private SmallDisk(Path dir) {
        this.dir = dir;
    }

    public static SmallDisk mount(int megabytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cdc-sync-small-disk");
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString());
        Assumptions.assumeTrue(failure.isEmpty(), () -> "cannot mount a small tmpfs here (needs root): " + failure);
        return new SmallDisk(dir);
    }

    public Path path() {
        return dir;
    }

    /** Makes room, as an operator freeing disk space would. */
    public void grow(int megabytes) throws IOException, InterruptedException {
        String failure = run("mount", "-o", "remount,size=" + megabytes + "m", dir.toString());
        if (!failure.isEmpty()) {
            throw new IOException("cannot grow " + dir + ": " + failure);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("umount", "-l", dir.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(dir);
    }

    /** Runs a command; returns its output if it failed, or "" if it succeeded. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? "" : output.isBlank() ? "exit " + p.exitValue() : output.trim();
    }
}
