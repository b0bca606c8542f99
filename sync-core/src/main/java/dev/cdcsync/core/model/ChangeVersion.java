package dev.cdcsync.core.model;

/**
 * A change's place in its source's order, compared as (major, minor). For any one row (key) it strictly
 * grows along the source's order: across restarts (it is derived from the source position, never counted
 * by cdc-sync) and from snapshot rows to streamed changes. Changes of different rows may tie. How each source
 * derives it is documented on {@link DataChange}.
 */
public record ChangeVersion(long major, long minor) implements Comparable<ChangeVersion> {

    /** The version of a change whose source gave no position: only ties with itself, orders nothing. */
    public static final ChangeVersion NONE = new ChangeVersion(0, 0);

    @Override
    public int compareTo(ChangeVersion o) {
        int c = Long.compare(major, o.major);
        return c != 0 ? c : Long.compare(minor, o.minor);
    }

    public boolean isAfter(ChangeVersion o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
