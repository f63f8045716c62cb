package org.revenge.analytics.internal.importer;

import java.io.IOException;

/** Where a source reader hands what it reads, one row or viewing at a time. */
interface ViewingSink {

    /** One row (or record) of the file was read. */
    void row();

    /** A viewing to count. */
    void viewing(Viewing viewing) throws IOException;

    /** A viewing (or a row that cannot be one) not imported, for a reason in a word. */
    void skipped(String reason);
}
