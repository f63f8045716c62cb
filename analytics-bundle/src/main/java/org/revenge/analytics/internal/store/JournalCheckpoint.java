package org.revenge.analytics.internal.store;

import java.util.UUID;

/**
 * How far a node's journal is in the database: the last record written, by the journal generation
 * it belongs to ({@code null} for a checkpoint from before generations existed) and its sequence.
 */
public record JournalCheckpoint(UUID generation, long sequence) {
}
