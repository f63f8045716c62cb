package org.revenge.analytics.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class WritersTest {

    @Test
    void csvQuotesOnlyFieldsWithCommasQuotesOrLineBreaksAndEndsLinesWithCrLf() throws IOException {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);

        csv.row("plain", "a,b", "say \"hi\"", "two\nlines", null, "");
        csv.row("x");

        assertThat(out).hasToString("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\r\nx\r\n");
    }

    @Test
    void csvNeutralisesEveryFieldASpreadsheetWouldRunAsAFormulaButLeavesNumbersAlone() throws IOException {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out);

        csv.row("=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "-12", "-1.5", "42", "web", "a=b");

        assertThat(out).hasToString("\"'=HYPERLINK(\"\"http://x\"\")\",'+1+2,'-2+3,'@SUM(A1),'\tcmd,\"'\rcmd\",-12,-1.5,42,web,a=b\r\n");
    }

    @Test
    void jsonEscapesStringsAndSeparatesMembers() throws IOException {
        StringWriter out = new StringWriter();
        JsonWriter json = new JsonWriter(out);

        json.beginObject().name("s").value("q\"b\\\n\u0001").name("n").value(42L).name("t").value(true)
                .name("none").value((String) null).name("at").value(Instant.EPOCH)
                .name("list").beginArray().value(1L).beginObject().endObject().beginArray().endArray().endArray().endObject();

        assertThat(out).hasToString("{\"s\":\"q\\\"b\\\\\\n\\u0001\",\"n\":42,\"t\":true,\"none\":null,"
                + "\"at\":\"1970-01-01T00:00:00Z\",\"list\":[1,{},[]]}");
    }
}
