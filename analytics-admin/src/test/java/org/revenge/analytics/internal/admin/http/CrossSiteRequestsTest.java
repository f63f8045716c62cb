package org.revenge.analytics.internal.admin.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteRequestsTest {

    private static final String HOST = "127.0.0.1:8181";

    @Test
    void aFormPostFromAnotherSiteIsRefusedNamingTheHeaderThatGaveItAway() {
        assertThat(CrossSiteRequests.refusal("POST", "application/x-www-form-urlencoded", "http://evil.example", "cross-site", HOST))
                .hasValue(new CrossSiteRequests.Refusal("Sec-Fetch-Site",
                        "cross-site request refused: the browser says it comes from another site (Sec-Fetch-Site: cross-site)"));
        // an older browser: no Sec-Fetch-Site, but its Origin
        assertThat(CrossSiteRequests.refusal("POST", "text/plain", "http://evil.example", null, HOST))
                .hasValue(new CrossSiteRequests.Refusal("Origin",
                        "cross-site request refused: Origin http://evil.example is not this server (127.0.0.1:8181)"));
        assertThat(CrossSiteRequests.refusal("DELETE", null, "null", null, HOST)).map(CrossSiteRequests.Refusal::header)
                .hasValue("Origin");
        // no Origin either: the body type a form sends
        assertThat(CrossSiteRequests.refusal("POST", "multipart/form-data; boundary=x", null, null, HOST))
                .hasValue(new CrossSiteRequests.Refusal("Content-Type", "cross-site request refused: Content-Type "
                        + "multipart/form-data is what a web form sends; send application/json, or no body"));
        assertThat(CrossSiteRequests.refusal("PUT", "application/x-www-form-urlencoded", null, "same-site", HOST))
                .map(CrossSiteRequests.Refusal::header).hasValue("Sec-Fetch-Site");
    }

    @Test
    void scriptsAndThePagesOfThisServerGoOn() {
        assertThat(CrossSiteRequests.refusal("POST", null, null, null, HOST)).isEmpty();
        assertThat(CrossSiteRequests.refusal("PUT", "application/json; charset=UTF-8", null, null, HOST)).isEmpty();
        assertThat(CrossSiteRequests.refusal("POST", "application/json", "http://127.0.0.1:8181", "same-origin", HOST)).isEmpty();
        assertThat(CrossSiteRequests.refusal("DELETE", null, null, "none", HOST)).isEmpty();
        // reading changes nothing, whoever asks
        assertThat(CrossSiteRequests.refusal("GET", "text/plain", "http://evil.example", "cross-site", HOST)).isEmpty();
    }
}
