package dev.cdcsync.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shipped jar run as an operator runs it, in its own JVM, output to a file. */
public final class CdcSyncProcess {

    private CdcSyncProcess() {
    }

    public static Process start(Path log, Map<String, String> env, String... args) throws IOException {
        String jar = System.getProperty("cdcsync.jar", "../connector/target/cdc-sync.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs to completion (at most a minute) and returns the exit code; the output is in {@code log}. */
    public static int run(Path log, Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process p = start(log, env, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("cdc-sync " + String.join(" ", args) + " did not finish: " + Files.readString(log));
        }
        return p.exitValue();
    }

    public static Path exampleConfig(String name) {
        return Path.of(System.getProperty("cdcsync.config.dir", "../config")).resolve(name);
    }
}
