package nl.certflow.events;

import static org.assertj.core.api.Assertions.assertThat;

import nl.certflow.DatabaseIndependent;
import org.junit.jupiter.api.Test;

@DatabaseIndependent
class WebhookSignerTest {

    /**
     * The Standard Webhooks reference libraries' own vector (standard-webhooks/standard-webhooks,
     * libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java, verifyWebhookSignWorks).
     */
    @Test
    void signsTheSpecificationsTestVector() {
        assertThat(WebhookSigner.sign(
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330,
                        "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void everyPartIsSigned() {
        String signature = WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265330, "{}");
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_2", 1614265330, "{}"))
                .isNotEqualTo(signature);
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265331, "{}"))
                .isNotEqualTo(signature);
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx", "msg_1", 1614265330, "{}"))
                .isNotEqualTo(signature);
        assertThat(WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1614265330, "{ }"))
                .isNotEqualTo(signature);
    }
}
