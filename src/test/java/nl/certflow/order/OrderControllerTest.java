package nl.certflow.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import nl.certflow.DatabaseIndependent;
import nl.certflow.TestOrders;
import nl.certflow.order.Order.PrevalidationState;
import nl.certflow.order.OrderRequests.CreateOrder;
import org.camunda.bpm.engine.ProcessEnginePersistenceException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The control-panel API's web layer alone (no engine, no database): how requests map to {@link OrderService} calls
 * and how its answers and failures become HTTP. Security is the end-to-end tests' (AccessMatrixTest); here the
 * caller is simply given.
 */
@WebMvcTest(OrderController.class)
@Import(OrderViews.class)
@AutoConfigureMockMvc(addFilters = false)
@DatabaseIndependent
class OrderControllerTest {

    private static final UsernamePasswordAuthenticationToken ALICE = new UsernamePasswordAuthenticationToken(
            "alice", null, List.of(new SimpleGrantedAuthority("ROLE_CUSTOMER")));
    private static final UsernamePasswordAuthenticationToken OPS =
            new UsernamePasswordAuthenticationToken("ops", null, List.of(new SimpleGrantedAuthority("ROLE_OPERATOR")));

    @Autowired
    MockMvc mvc;

    @MockitoBean
    OrderService orders;

    /** The orders here have no term: the schedule is never computed. */
    @MockitoBean
    TermSchedule termSchedule;

    @MockitoBean
    Clock clock;

    @Test
    void createAnswers201WithTheLocationAndTheOrder() throws Exception {
        when(orders.create(any(), any())).thenReturn(order("o-1"));

        mvc.perform(as(ALICE, post("/api/orders"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TestOrders.dv("www.example.com").toString()))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/orders/o-1"))
                .andExpect(jsonPath("$.id").value("o-1"))
                .andExpect(jsonPath("$.statusLabel").value("Open"));

        ArgumentCaptor<CreateOrder> body = ArgumentCaptor.forClass(CreateOrder.class);
        verify(orders).create(eq(new Caller("alice", false)), body.capture());
        assertThat(body.getValue().commonName()).isEqualTo("www.example.com");
        assertThat(body.getValue().requester().email()).isEqualTo("jan@example.nl");
    }

    @Test
    void theOperatorRoleReachesTheServiceAsAnOperator() throws Exception {
        when(orders.get(any(), eq("o-1"))).thenReturn(order("o-1"));
        mvc.perform(as(OPS, get("/api/orders/o-1"))).andExpect(status().isOk());
        verify(orders).get(new Caller("ops", true), "o-1");
    }

    @Test
    void fieldErrorsAre400ProblemsListingEveryField() throws Exception {
        when(orders.create(any(), any()))
                .thenThrow(new InvalidOrderException(List.of(
                        new FieldError("csr", "is required"),
                        new FieldError("requester.email", "is not a valid e-mail address"))));

        mvc.perform(as(ALICE, post("/api/orders"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.type").value("https://certflow.nl/problems/invalid-order"))
                .andExpect(jsonPath("$.errors[*].field").value(contains("csr", "requester.email")));
    }

    @Test
    void unknownAndWronglyTypedFieldsAreNamedWithoutCallingTheService() throws Exception {
        mvc.perform(as(ALICE, post("/api/orders"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TestOrders.dv("www.example.com")
                                .put("price", 10)
                                .toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("price"))
                .andExpect(jsonPath("$.errors[0].message").value("is not a known field"));
        mvc.perform(as(ALICE, post("/api/orders"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TestOrders.dv("www.example.com")
                                .put("validityDays", "ninety")
                                .toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("validityDays"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number"));
        mvc.perform(as(ALICE, post("/api/orders/o-1/cancel"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"a\",\"reason\":\"b\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verifyNoInteractions(orders);
    }

    @Test
    void notFoundAndConflictAreProblems() throws Exception {
        when(orders.submit(any(), eq("gone"))).thenThrow(new OrderNotFoundException("gone"));
        when(orders.cancel(any(), eq("o-1"), eq("key lost")))
                .thenThrow(new OrderConflictException("The order is already Ingetrokken"));

        mvc.perform(as(ALICE, post("/api/orders/gone/submit")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://certflow.nl/problems/order-not-found"));
        mvc.perform(as(ALICE, post("/api/orders/o-1/cancel"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"key lost\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The order is already Ingetrokken"));
    }

    /**
     * Seen on PostgreSQL in RacesTest: a cancel interrupting the CA wait while a push started a new wait in it lost
     * on the foreign key of the execution tree (SQLSTATE 23503, foreign_key_violation in PostgreSQL's Appendix A).
     */
    @Test
    void aCancelThatLostARaceOnTheExecutionTreeIsAConflictToRetry() throws Exception {
        SQLException foreignKey = new SQLException(
                "ERROR: update or delete on table \"act_ru_execution\" violates foreign key constraint"
                        + " \"act_fk_exe_super\" on table \"act_ru_execution\"",
                "23503");
        when(orders.cancel(any(), eq("o-1"), eq(null)))
                .thenThrow(new ProcessEnginePersistenceException(
                        "An exception occurred in the persistence layer",
                        new RuntimeException("flush failed", foreignKey)));

        mvc.perform(as(ALICE, post("/api/orders/o-1/cancel")))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://certflow.nl/problems/concurrent-change"));
    }

    @Test
    void anotherPersistenceFailureStaysAnInternalError() throws Exception {
        when(orders.cancel(any(), eq("o-1"), eq(null)))
                .thenThrow(new ProcessEnginePersistenceException(
                        "An exception occurred in the persistence layer",
                        new RuntimeException("flush failed", new SQLException("connection lost", "08006"))));

        mvc.perform(as(ALICE, post("/api/orders/o-1/cancel")))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://certflow.nl/problems/internal-error"))
                .andExpect(jsonPath("$.detail").value(not(containsString("connection lost"))));
    }

    @Test
    void aCancelWithoutABodyHasNoReason() throws Exception {
        when(orders.cancel(any(), eq("o-1"), eq(null))).thenReturn(order("o-1"));
        mvc.perform(as(ALICE, post("/api/orders/o-1/cancel"))).andExpect(status().isAccepted());
        verify(orders).cancel(new Caller("alice", false), "o-1", null);
    }

    @Test
    void listParametersAreCheckedBeforeTheService() throws Exception {
        when(orders.list(any(), eq(OrderStatus.ACTIVE), eq(2), eq(50)))
                .thenReturn(new OrderPage(List.of(order("o-1")), 2, 50, 101));
        mvc.perform(as(ALICE, get("/api/orders?status=active&page=2&size=50")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("o-1"))
                .andExpect(jsonPath("$.total").value(101));

        for (String query : List.of("status=DONE", "size=0", "size=101", "page=-1", "page=abc")) {
            mvc.perform(as(ALICE, get("/api/orders?" + query)))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value(query.substring(0, query.indexOf('='))));
        }
        verify(orders).list(any(), any(), anyInt(), anyInt());
    }

    @Test
    void wrongMethodMediaTypeAndAcceptAreProblemsWhateverTheClientAccepts() throws Exception {
        mvc.perform(as(ALICE, put("/api/orders/o-1")).accept(MediaType.TEXT_HTML))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(405));
        mvc.perform(as(ALICE, post("/api/orders"))
                        .contentType(MediaType.TEXT_PLAIN)
                        .content("hello")
                        .accept(MediaType.TEXT_HTML))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(415));
        mvc.perform(as(ALICE, get("/api/orders/o-1")).accept(MediaType.TEXT_HTML))
                .andExpect(status().isNotAcceptable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(406));
        verifyNoInteractions(orders);
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() throws Exception {
        when(orders.get(any(), eq("o-1"))).thenThrow(new IllegalStateException("connection string jdbc:secret"));
        mvc.perform(as(ALICE, get("/api/orders/o-1")))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://certflow.nl/problems/internal-error"))
                .andExpect(content().string(not(containsString("secret"))));
    }

    private static MockHttpServletRequestBuilder as(
            UsernamePasswordAuthenticationToken caller, MockHttpServletRequestBuilder request) {
        return request.principal(caller);
    }

    private static Order order(String id) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new Order(
                id,
                "alice",
                ValidationType.DV,
                "www.example.com",
                List.of(),
                "csr",
                90,
                new Requester("Jan de Vries", "jan@example.nl", null),
                null,
                OrderStatus.OPEN,
                null,
                now,
                null,
                null,
                null,
                null,
                new PrevalidationState(false, null, List.of()),
                List.of(new Order.HistoryEntry(OrderStatus.OPEN, null, now, "Order created")),
                List.of(),
                new OrderDcv(DcvMethod.CNAME_CSR_HASH, null, null, List.of()));
    }
}
