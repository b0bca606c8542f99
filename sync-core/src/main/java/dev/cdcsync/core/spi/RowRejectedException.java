package dev.cdcsync.core.spi;

import dev.cdcsync.core.model.DataChange;

/** The target refused one row for a reason retrying will not fix; names the row so an operator can find it. */
public class RowRejectedException extends WriteException {

    private final transient DataChange change;

    public RowRejectedException(DataChange change, String reason, Throwable cause) {
        super("target rejected the row at " + change.describe() + ": " + reason, false, cause);
        this.change = change;
    }

    public DataChange change() {
        return change;
    }
}
