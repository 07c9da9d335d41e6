package nl.certflow.dcv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestCsrs;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvTokens;
import nl.certflow.order.OrderDcv.LastCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** certflow's own CNAME lookup against a real DNS server on loopback: found, NXDOMAIN, wrong target, no answer. */
@DatabaseIndependent
class DcvRecordCheckerTest {

    private final LoopbackDnsServer dns = new LoopbackDnsServer();
    private final DcvTokens tokens = DcvTokens.of(TestCsrs.ec("www.example.nl"), "abc123");

    @AfterEach
    void stop() {
        dns.close();
    }

    @Test
    void aPublishedRecordIsFoundWhateverItsCase() {
        dns.cname(
                tokens.cnameName("www.example.nl").toLowerCase(),
                tokens.cnameValue().toLowerCase());

        LastCheck check = checker(dns.address()).check(DcvMethod.CNAME_CSR_HASH, "www.example.nl", tokens, null);

        assertThat(check.found()).as(check.detail()).isTrue();
        assertThat(checker(dns.address()).recordInPlace(DcvMethod.CNAME_CSR_HASH, "www.example.nl", tokens))
                .isTrue();
    }

    @Test
    void aMissingRecordIsNxdomain() {
        LastCheck check = checker(dns.address()).check(DcvMethod.CNAME_CSR_HASH, "www.example.nl", tokens, null);

        assertThat(check.found()).isFalse();
        assertThat(check.detail()).isEqualTo("NXDOMAIN: " + tokens.cnameName("www.example.nl") + " does not exist");
    }

    @Test
    void aRecordWithAnotherTargetSaysWhichOne() {
        dns.cname(tokens.cnameName("www.example.nl"), "old.example.net.");

        LastCheck check = checker(dns.address()).check(DcvMethod.CNAME_CSR_HASH, "www.example.nl", tokens, null);

        assertThat(check.found()).isFalse();
        assertThat(check.detail())
                .isEqualTo(tokens.cnameName("www.example.nl") + " points to old.example.net. instead of "
                        + tokens.cnameValue());
    }

    @Test
    void aServerThatDoesNotAnswerFailsWithinTheTimeout() {
        String silent = dns.address();
        dns.close();
        long start = System.nanoTime();

        LastCheck check = checker(silent).check(DcvMethod.CNAME_CSR_HASH, "www.example.nl", tokens, null);

        assertThat(check.found()).isFalse();
        assertThat(check.detail()).contains("failed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private static DcvRecordChecker checker(String server) {
        return new DcvRecordChecker(
                new DcvProperties(DcvMethod.CNAME_CSR_HASH, List.of(server), Duration.ofMillis(500), false, 80, 443),
                Clock.systemUTC());
    }
}
