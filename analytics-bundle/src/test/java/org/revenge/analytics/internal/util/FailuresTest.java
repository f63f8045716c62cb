package org.revenge.analytics.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.revenge.analytics.spi.StorageUnavailableException;

/** Which database failures are worth retrying, and how a refusal is put in words. */
class FailuresTest {

    /** As pgjdbc reports a refused batch: the statement's error is the batch's cause and its next exception. */
    private static StorageUnavailableException failure(String sqlState) {
        SQLException statement = new SQLException("ERROR: something\n  Where: here", sqlState);
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", sqlState, new int[0]);
        batch.setNextException(statement);
        batch.initCause(statement);
        return new StorageUnavailableException("Analytics could not write", new RuntimeException(batch));
    }

    @ParameterizedTest
    @CsvSource({"08006, true", "40001, true", "40P01, true", "53100, true", "55P03, true", "57014, true", "57P01, true",
            "58030, true", "22003, false", "23514, false", "23505, false", "42P01, false", "55006, false", "XX000, false"})
    void transientClassesAreRetriedAndTheRestAreNot(String sqlState, boolean retried) {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", sqlState, new int[0]);
        assertThat(Failures.transientDatabaseFailure(new StorageUnavailableException("x", new RuntimeException(batch))))
                .isEqualTo(retried);
    }

    @ParameterizedTest
    @CsvSource({"55P03, true", "40001, true", "40P01, true", "08006, false", "57P01, false", "53100, false", "23505, false"})
    void lockWaitsSerializationFailuresAndDeadlocksAreContentionNotALostDatabase(String sqlState, boolean contention) {
        assertThat(Failures.contention(failure(sqlState))).isEqualTo(contention);
        assertThat(Failures.lockNotAvailable(failure(sqlState))).isEqualTo("55P03".equals(sqlState));
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void withoutAnSqlStateOnlyTheStoreSayingItIsAwayIsRetried(boolean storeUnavailable) {
        RuntimeException failure = storeUnavailable ? new StorageUnavailableException("Connection refused", null)
                : new IllegalStateException("a bug");
        assertThat(Failures.transientDatabaseFailure(failure)).isEqualTo(storeUnavailable);
    }

    @org.junit.jupiter.api.Test
    void aRefusalNamesTheSqlStateAndTheFirstLineOfTheMessage() {
        assertThat(Failures.refusal(failure("22003"))).isEqualTo("refused by the database (SQLState 22003): ERROR: something");
        assertThat(Failures.refusal(new java.time.DateTimeException("Instant exceeds minimum or maximum instant")))
                .isEqualTo("could not be processed: DateTimeException: Instant exceeds minimum or maximum instant");
    }
}
