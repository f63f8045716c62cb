package org.revenge.analytics.internal.admin.household;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class CrossSiteTest {

    private static HttpServletRequest request(String host, String origin, String site) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getHeader("Host")).thenReturn(host);
        when(request.getHeader("Origin")).thenReturn(origin);
        when(request.getHeader("Sec-Fetch-Site")).thenReturn(site);
        return request;
    }

    @Test
    void aFormOfThisServerGoesOn() {
        assertThat(CrossSite.refusal(request("127.0.0.1:8181", "http://127.0.0.1:8181", "same-origin"))).isEmpty();
        assertThat(CrossSite.refusal(request("media.home", null, null))).as("a client that is no browser").isEmpty();
    }

    @Test
    void anotherSiteIsRefusedByEitherHeader() {
        assertThat(CrossSite.refusal(request("127.0.0.1:8181", "http://evil.example", null))).get().asString().contains("evil.example");
        assertThat(CrossSite.refusal(request("127.0.0.1:8181", null, "cross-site"))).get().asString().contains("cross-site");
        assertThat(CrossSite.refusal(request("127.0.0.1:8181", "http://127.0.0.1:8181", "same-site"))).isPresent();
        assertThat(CrossSite.refusal(request("127.0.0.1:8181", "http://127.0.0.1:9999", null))).isPresent();
        assertThat(CrossSite.refusal(request("127.0.0.1:8181", "null", null))).isPresent();
    }
}
