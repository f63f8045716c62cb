package org.revenge.analytics.internal.importer;

import java.io.IOException;
import java.nio.file.Path;

import org.revenge.analytics.spi.InvalidInputException;

/** Reads one kind of history file, streaming: nothing proportional to the file is held in memory. */
interface SourceReader {

    /**
     * @throws InvalidInputException if the file is not of this kind, naming what is missing
     * @throws IOException           if the file cannot be read
     */
    void read(Path file, ViewingSink sink) throws IOException;
}
