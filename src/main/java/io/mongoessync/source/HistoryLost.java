package io.mongoessync.source;

import com.mongodb.MongoServerException;
import org.apache.flink.runtime.execution.SuppressRestartsException;

/**
 * The resume point of the change stream is no longer in MongoDB's oplog (ChangeStreamHistoryLost,
 * error 286): the job was stopped, or fell behind, for longer than the oplog's window. Restarting
 * cannot help, so the job fails for good with this explanation.
 */
public final class HistoryLost {

    static final int CHANGE_STREAM_HISTORY_LOST = 286;

    public static final String MESSAGE = "MongoDB no longer has the change stream history this job must resume from "
            + "(ChangeStreamHistoryLost, error 286): the oplog rolled over while the job was stopped or behind, so "
            + "changes made in between are lost to it. Start the job again without its savepoint or checkpoint and "
            + "with --resync true: it clears the mapped indexes and copies the collections again, so no stale "
            + "document stays behind. To avoid this, size the oplog (replSetResizeOplog) for the longest stop you expect.";

    private HistoryLost() {}

    static Exception translate(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoServerException
                    && ((MongoServerException) cause).getCode() == CHANGE_STREAM_HISTORY_LOST) {
                return new SuppressRestartsException(new IllegalStateException(MESSAGE, failure));
            }
        }
        return failure;
    }
}
