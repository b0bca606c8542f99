package dev.cdcsync.connector.daemon;

/** The process's exit codes, one table in the README ("Exit codes"). */
final class ExitCodes {

    /** Done: a clean stop after SIGTERM/SIGINT, a file and servers that passed {@code validate}, a demo that matched. */
    static final int OK = 0;
    /** A pipeline stopped on an error (the log names the table, key and source position), or the demo differed. */
    static final int PIPELINE_FAILED = 1;
    /** The file is unusable, or a source or target is not ready for it ({@code validate}); or HTTP cannot bind. */
    static final int CONFIG = 2;
    /** A second signal, or a stop that outlasted {@code --shutdown-timeout}: exited without finishing the batch. */
    static final int FORCED = 3;
    /** {@code status}: a source or target could not be asked. */
    static final int UNREACHABLE = 4;

    private ExitCodes() {
    }
}
