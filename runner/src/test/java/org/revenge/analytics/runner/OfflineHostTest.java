package org.revenge.analytics.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The reading of strace's connect lines that {@link OfflineHostIT} relies on. */
class OfflineHostTest {

    @Test
    void loopbackAndLocalSocketsPassEverythingElseIsReported() {
        String postgres = "812 connect(9, {sa_family=AF_INET, sin_port=htons(55432), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0";
        String unix = "813 connect(3, {sa_family=AF_UNIX, sun_path=\"/tmp/.s.PGSQL.55432\"}, 110) = 0";
        String local6 = "814 connect(7, {sa_family=AF_INET6, sin6_port=htons(8101), sin6_flowinfo=htonl(0), "
                + "inet_pton(AF_INET6, \"::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0";
        String mapped = "815 connect(7, {sa_family=AF_INET6, sin6_port=htons(8101), sin6_flowinfo=htonl(0), "
                + "inet_pton(AF_INET6, \"::ffff:127.0.0.1\", &sin6_addr), sin6_scope_id=0}, 28) = 0";
        String central = "816 connect(11, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"151.101.0.215\")}, 16)"
                + " = -1 ENETUNREACH (Network is unreachable)";
        String dns = "817 connect(12, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), "
                + "inet_pton(AF_INET6, \"2001:4860:4860::8888\", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH";

        assertThat(OfflineHostIT.offLoopback(List.of(postgres, unix, local6, mapped, central, dns)))
                .containsExactly(central, dns);
    }
}
