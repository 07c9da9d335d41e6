package nl.certflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import nl.certflow.DatabaseIndependent;
import nl.certflow.webhook.CaPushInbox.Receipt;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The push endpoint's web layer alone: the form becomes a {@link CaPush} for the inbox, the answer says whether it
 * was new, and malformed pushes are 400 problems that never reach the inbox. Credentials and source address are the
 * end-to-end tests' (AccessMatrixTest, SectigoWebhookTest).
 */
@WebMvcTest(SectigoWebhookController.class)
@AutoConfigureMockMvc(addFilters = false)
@DatabaseIndependent
class SectigoWebhookControllerTest {

    @TestConfiguration
    static class Meters {

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @MockitoBean
    CaPushInbox inbox;

    @Test
    void aNewPushIsStoredAndAcknowledgedOk() throws Exception {
        when(inbox.accept(any(), any())).thenReturn(Receipt.ACCEPTED);

        mvc.perform(post("/webhooks/sectigo")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("orderNumber=1234567&certificateID=77&eventType=Certificate&status=Issued&statusCode=6"
                                + "&statusDesc=Issued+by+Sectigo&revocationReasonCode=4")
                        .with(request -> {
                            request.setRemoteAddr("203.0.113.7");
                            return request;
                        }))
                .andExpect(status().isOk())
                .andExpect(content().string("OK"));

        ArgumentCaptor<CaPush> push = ArgumentCaptor.forClass(CaPush.class);
        verify(inbox).accept(push.capture(), eq("203.0.113.7"));
        assertThat(push.getValue())
                .isEqualTo(new CaPush("1234567", "77", "Certificate", "Issued", 6, "Issued by Sectigo", 4));
        assertThat(meters.counter("certflow.webhook.pushes", "result", "accepted")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aPushAlreadyStoredIsAcknowledgedAsADuplicate() throws Exception {
        when(inbox.accept(any(), any()))
                .thenReturn(Receipt.DUPLICATE)
                .thenThrow(new DuplicateKeyException("the same push stored at the same moment"));

        for (int i = 0; i < 2; i++) {
            mvc.perform(get("/webhooks/sectigo?orderNumber=1234567&statusCode=6"))
                    .andExpect(status().isOk())
                    .andExpect(content().string("OK duplicate"));
        }
    }

    @Test
    void aMalformedPushIsA400ProblemNamingTheFieldsAndNeverReachesTheInbox() throws Exception {
        mvc.perform(post("/webhooks/sectigo")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .content("orderNumber=12%3B34&statusCode=issued"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("orderNumber"))
                .andExpect(jsonPath("$.errors[1].field").value("statusCode"));
        verifyNoInteractions(inbox);
    }

    @Test
    void anotherMethodIsA405Problem() throws Exception {
        mvc.perform(put("/webhooks/sectigo").accept(MediaType.TEXT_PLAIN))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(inbox);
    }
}
