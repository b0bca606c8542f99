package dev.cdcsync.core.pipeline;

import dev.cdcsync.core.model.DataChange;
import dev.cdcsync.core.spi.RowRejectedException;

/**
 * Where the pipeline sets aside what it cannot apply, instead of stopping: a record that is not a change event it can
 * read, and a row the target refuses. Without one, either stops the pipeline naming the record or row.
 *
 * <p>Contract: called on the pipeline thread. When a method returns, the letter is kept (durably, as far as the place
 * allows): the pipeline then confirms the record's offset with the next batch, so a letter lost after that is lost
 * for good. To stop the pipeline instead (a limit of tolerated errors reached), throw.
 */
public interface DeadLetters {

    /** A record the pipeline cannot decode (not a change event, a value that cannot be read, a NULL key column). */
    void undecodable(SourceEvent event, RuntimeException error);

    /**
     * A row the target refused for a reason retrying will not fix. The batch is written again without it.
     *
     * @param origin the event the row's last change came from
     */
    void rejected(SourceEvent origin, DataChange change, RowRejectedException error);
}
