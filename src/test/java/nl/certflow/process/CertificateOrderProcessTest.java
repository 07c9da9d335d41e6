package nl.certflow.process;

import static nl.certflow.process.ProcessVariables.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.certflow.DatabaseIndependent;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CaStatus;
import nl.certflow.ca.IssuedCertificate;
import nl.certflow.order.Company;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.OrderConflictException;
import nl.certflow.order.OrderDetails;
import nl.certflow.order.OrderStatus;
import nl.certflow.order.TermRules;
import nl.certflow.order.TermSchedule;
import nl.certflow.order.ValidationType;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every path of {@code CertificateOrderProcess} (and the {@code AwaitCaOutcomeProcess} it calls) on a plain in-memory
 * engine, without Spring: the delegates are stubs that record what the model asks of them, the CA's answers are
 * scripted, jobs and timers are run by the test, and the control panel's messages go through {@link OrderMessages}.
 * Coverage comes from camunda-process-test-coverage (report in {@code target/process-test-coverage}); the gate that
 * every element is reached checks only when the whole class ran, so one test method can run alone.
 */
@Deployment(resources = {"bpmn/CertificateOrderProcess.bpmn", "bpmn/AwaitCaOutcomeProcess.bpmn"})
@DatabaseIndependent
class CertificateOrderProcessTest {

    @RegisterExtension
    @Order(1)
    static final WholeClassCoverageGate GATE = new WholeClassCoverageGate(CertificateOrderProcessTest.class);

    @RegisterExtension
    @Order(2)
    static final ProcessEngineCoverageExtension ENGINE = ProcessEngineCoverageExtension.builder(
                    InMemoryProcessEngine.configuration())
            .build();

    /** One line of the order's history, as "Record order status" would write it. */
    record Recorded(String status, String pendingTransition, String reason) {}

    private final List<Recorded> history = new ArrayList<>();
    private final List<String> cancellationsAtCa = new ArrayList<>();
    private final List<String> reissuesAtCa = new ArrayList<>();
    private final List<String> revocationsOfReplaced = new ArrayList<>();
    private final List<String> replacedKept = new ArrayList<>();
    private final List<String> renewalReminders = new ArrayList<>();
    private Instant termEnds;
    private final List<String> dcvChangesAtCa = new ArrayList<>();
    private final List<String> dcvEmailsResent = new ArrayList<>();
    private boolean caDown;
    private String reissueRefusal;
    private CaStatus caAnswer;
    /** The certificate the CA issued last (what the order store holds as current) and the order's term's end. */
    private IssuedCertificate currentCertificate;

    private Instant termEnd;
    private String caRefusal;
    private String prevalidationFailure;
    private boolean registryDown;
    private RuntimeService runtime;
    private ManagementService management;
    private OrderMessages messages;

    @BeforeEach
    void stubTheDelegates() {
        ProcessEngine engine = ENGINE.getProcessEngine();
        init(engine);
        runtime = engine.getRuntimeService();
        management = engine.getManagementService();
        // Once the process has ended, the order's status is what the last "Record order status" stored.
        messages = new OrderMessages(
                runtime,
                orderId -> history.isEmpty()
                        ? Optional.empty()
                        : Optional.of(OrderStatus.valueOf(lastRecorded().status())));
        Mocks.register("caPolling", new CaPolling(Duration.ofHours(3)));
        termEnds = null;
        RenewalReminders reminderDays =
                new RenewalReminders(List.of(7, 30, 14), orderId -> Optional.ofNullable(termEnds));
        Mocks.register("renewalReminders", reminderDays);
        Mocks.register("sendRenewalReminder", (JavaDelegate) execution ->
                SendRenewalReminderDelegate.reminder(execution, reminderDays).ifPresent(renewalReminders::add));
        Mocks.register("recordOrderStatus", (JavaDelegate) execution -> history.add(new Recorded(
                (String) execution.getVariableLocal(NEW_STATUS),
                (String) execution.getVariableLocal(NEW_PENDING_TRANSITION),
                (String) execution.getVariableLocal(HISTORY_REASON))));
        Mocks.register("submitOrderToCa", (JavaDelegate) execution -> {
            if (caRefusal != null) {
                throw new BpmnError(ERROR_CA_REFUSED_ORDER, "Refused by the CA: " + caRefusal);
            }
            execution.setVariable(CA_ORDER_NUMBER, "1001");
        });
        Mocks.register("prevalidateCompany", (JavaDelegate) execution -> {
            if (registryDown) {
                throw new IllegalStateException("KvK Basisprofiel lookup of 68750110 failed: HTTP 503");
            }
            if (prevalidationFailure != null) {
                throw new BpmnError(ERROR_PREVALIDATION_FAILED, "Prevalidation failed: " + prevalidationFailure);
            }
        });
        Mocks.register("requestCancellationAtCa", (JavaDelegate)
                execution -> cancellationsAtCa.add(execution.getProcessBusinessKey()));
        Mocks.register("submitReissueToCa", (JavaDelegate) execution -> {
            if (reissueRefusal != null) {
                throw new BpmnError(ERROR_CA_REFUSED_REISSUE, "The CA refused the reissue: " + reissueRefusal);
            }
            reissuesAtCa.add(execution.getProcessBusinessKey());
        });
        Mocks.register("revokeReplacedCertificate", (JavaDelegate)
                execution -> revocationsOfReplaced.add(execution.getProcessBusinessKey()));
        Mocks.register("keepReplacedCertificate", (JavaDelegate)
                execution -> replacedKept.add(execution.getProcessBusinessKey()));
        Mocks.register("changeDcvMethodAtCa", (JavaDelegate) execution -> {
            if (caDown) {
                throw new IllegalStateException("Sectigo AutoUpdateDCV failed: HTTP 503 (Sectigo is temporarily"
                        + " unavailable; the job is retried with back-off, after the last retry use Retry in Cockpit)");
            }
            dcvChangesAtCa.add(execution.getProcessBusinessKey() + " " + execution.getVariable(DCV_METHOD) + " "
                    + execution.getVariable(DCV_APPROVER_EMAIL));
        });
        Mocks.register("resendDcvEmailAtCa", (JavaDelegate)
                execution -> dcvEmailsResent.add(execution.getProcessBusinessKey()));
        Mocks.register("collectCaStatus", (JavaDelegate) execution -> {
            CollectCaStatusDelegate.write(execution, caAnswer);
            if (caAnswer.state() == CaState.ISSUED) {
                currentCertificate = caAnswer.certificate();
            }
        });
        Mocks.register("reissueTimer", new ReissueTimer());
        // The term's rules as the application applies them; the order store is the scripted certificate and term end.
        Mocks.register("planReissue", (JavaDelegate) execution -> execution.setVariable(
                REISSUE_AT,
                Date.from(TERM_SCHEDULE.reissueTimerAt(
                        currentCertificate.notBefore(),
                        currentCertificate.notAfter(),
                        termEnd,
                        ClockUtil.getCurrentTime().toInstant()))));
        Mocks.register("requestAutomaticReissue", (JavaDelegate) execution -> {
            execution.setVariable(
                    REQUEST_REASON, RequestAutomaticReissueDelegate.reason(TermRules.TWO_THIRDS, termEnd));
            execution.setVariable(AUTOMATIC_REISSUE, true);
        });
        caAnswer = answer(CaState.PENDING);
    }

    @AfterEach
    void forgetTheStubs() {
        Mocks.reset();
        ClockUtil.reset();
    }

    @Test
    void issuedAfterAPendingAnswerThenRevokedOnCancel() {
        ProcessInstance order = requestedOrder("issued");
        assertThat(order).isWaitingAt("CallActivity_AwaitCaDecision");

        caReports(order, CaState.PENDING);
        assertThat(calledInstance(order)).hasPassed("Gateway_CaOutcomeDecided").isWaitingAt("Gateway_AwaitCaChange");

        caReports(order, CaState.ISSUED);
        assertThat(order).hasPassed("Task_MarkOrderActive").isWaitingAt("Gateway_AwaitActiveEvent");
        assertLastRecorded("ACTIVE", null, "Certificate issued by the CA, serial 0A1B1001, valid until 2027-01-01");
        assertThat(runtime.getVariable(order.getId(), NOT_AFTER)).isNotNull();

        caReports(order, CaState.ISSUED);
        assertThat(order)
                .hasPassed("Task_CollectActiveStatus", "Gateway_RevokedByCa")
                .isWaitingAt("Gateway_AwaitActiveEvent");

        messages.cancel(order.getBusinessKey(), "Cancelled by alice: moved");
        assertLastRecorded("ACTIVE", "CANCEL", "Cancelled by alice: moved");
        runAsyncStep(order);
        assertThat(cancellationsAtCa).hasSize(1);
        assertThat(order).isWaitingAt("CallActivity_AwaitRevocation");

        caAnswer = answer(CaState.ISSUED);
        execute(pollTimerOf(calledInstance(order)));
        runAsyncStep(calledInstance(order));
        assertThat(order)
                .as("ISSUED is not a decided outcome of the revocation")
                .isWaitingAt("CallActivity_AwaitRevocation");

        caReports(order, CaState.REVOKED);
        assertThat(order)
                .hasPassed("Event_RevocationConfirmed", "Task_MarkOrderRevoked", "Event_OrderRevoked")
                .isEnded();
        assertLastRecorded("REVOKED", null, "The CA confirmed the revocation");
    }

    @Test
    void pollingFindsTheDecisionWhenNoPushArrives() {
        ProcessInstance order = requestedOrder("silent");
        caAnswer = answer(CaState.ISSUED);
        execute(pollTimerOf(calledInstance(order)));
        runAsyncStep(calledInstance(order));
        assertThat(order)
                .hasPassed("CallActivity_AwaitCaDecision", "Task_MarkOrderActive")
                .isWaitingAt("Gateway_AwaitActiveEvent");
    }

    @Test
    void rejectedByTheCa() {
        ProcessInstance order = requestedOrder("rejected");
        caReports(order, CaState.REJECTED);
        assertThat(order)
                .hasPassed("Gateway_IssuedOrRejected", "Task_MarkOrderRejected", "Event_OrderRejected")
                .isEnded();
        assertLastRecorded("REJECTED", null, "The CA reports the order rejected: scripted rejected");
    }

    @Test
    void refusedAtSubmissionEndsRejectedWithTheCasMessage() {
        ProcessInstance order = submittedOrder("refused");
        caRefusal = "-7 Invalid CSR";
        runAsyncStep(order);
        assertThat(order)
                .hasPassed("Event_CaRefusedOrder", "Task_MarkOrderRejected")
                .isEnded();
        assertLastRecorded("REJECTED", null, "Refused by the CA: -7 Invalid CSR");
    }

    @Test
    void dataChangesWhileOpenAndCancelWithdrawsWithoutTheCa() {
        ProcessInstance order = openOrder("open", dv());
        assertThat(order)
                .isWaitingAt("Gateway_AwaitSubmit")
                .isWaitingFor("Msg_SubmitOrder", "Msg_OrderChanged", "Msg_CancelOrder");
        messages.change(order.getBusinessKey(), false);
        assertThat(order).hasPassed("Event_OrderChangedWhileOpen").isWaitingAt("Gateway_AwaitSubmit");
        assertThat(history).as("a change while Open is no status change").isEmpty();

        messages.cancel(order.getBusinessKey(), "Cancelled by alice: changed my mind");
        assertThat(order)
                .hasPassed("Event_CancelRequestedWhileOpen", "Task_WithdrawOrder", "Event_OrderWithdrawn")
                .isEnded();
        assertThat(cancellationsAtCa).isEmpty();
        assertLastRecorded("REVOKED", null, "Cancelled by alice: changed my mind");
    }

    @Test
    void failedPrevalidationWaitsForCorrectedDataThenGoesToTheCa() {
        ProcessInstance order = openOrder("corrected", ovDutch());
        prevalidationFailure = "the company name differs";
        messages.submit(order.getBusinessKey(), "Submitted by alice");
        runAsyncStep(order);
        assertThat(order)
                .hasPassed("Event_PrevalidationFailed", "Task_RecordFailedPrevalidation")
                .isWaitingAt("Gateway_AwaitCorrection");
        assertLastRecorded("OPEN", "REQUEST", "Prevalidation failed: the company name differs");
        assertThatThrownBy(() -> messages.submit(order.getBusinessKey(), "Submitted by alice"))
                .isInstanceOf(OrderConflictException.class)
                .hasMessage("The order is Open (submit pending) and can now only be changed or cancelled");

        prevalidationFailure = null;
        messages.change(order.getBusinessKey(), true);
        assertThat(order).hasPassed("Event_OrderChanged").isWaitingAt("Task_PrevalidateCompany");
        runAsyncStep(order);
        assertThat(order).hasPassed("Gateway_PrevalidationDone").isWaitingAt("Task_SubmitOrderToCa");
        runAsyncStep(order);
        assertThat(order).isWaitingAt("CallActivity_AwaitCaDecision");
        assertLastRecorded("REQUESTED", null, "Sent to the CA as order 1001");
    }

    @Test
    void registryOutageIsRetriedNotAFailedPrevalidation() {
        ProcessInstance order = openOrder("outage", ovDutch());
        messages.submit(order.getBusinessKey(), "Submitted by alice");
        registryDown = true;
        Job job = management.createJobQuery().processInstanceId(order.getId()).singleResult();
        assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("HTTP 503");
        Job retried =
                management.createJobQuery().processInstanceId(order.getId()).singleResult();
        assertThat(retried.getRetries()).as("retried with back-off, not failed").isEqualTo(job.getRetries() - 1);
        assertThat(retried.getDuedate().toInstant())
                .as("the first retry is 10 s later (PT10S)")
                .isNotNull();
        assertThat(order).isWaitingAt("Task_PrevalidateCompany");
        assertLastRecorded("OPEN", "REQUEST", "Submitted by alice");
    }

    @Test
    void cancelAfterFailedPrevalidationWithdraws() {
        ProcessInstance order = openOrder("gave-up", ovDutch());
        prevalidationFailure = "unknown KvK number";
        messages.submit(order.getBusinessKey(), "Submitted by alice");
        runAsyncStep(order);
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: gave up");
        assertThat(order)
                .hasPassed("Event_CancelRequestedAfterFailure", "Task_WithdrawOrder")
                .isEnded();
        assertLastRecorded("REVOKED", null, "Cancelled by alice: gave up");
    }

    /** Issue 18, item 4: the customer reads that the cancellation was confirmed, not that the order was rejected. */
    @Test
    void cancelWhileRequestedIsConfirmedByTheCa() {
        ProcessInstance order = requestedOrder("hold");
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: not needed");
        assertThat(order).hasPassed("Event_CancelRequestedWhileRequested", "Task_MarkCancellationPending");
        assertThat(calledInstances(order))
                .as("the cancel ends the wait for the CA's decision")
                .isEmpty();
        assertLastRecorded("REQUESTED", "CANCEL", "Cancelled by alice: not needed");
        runAsyncStep(order);
        assertThat(order).isWaitingAt("CallActivity_AwaitCancellation");

        execute(pollTimerOf(calledInstance(order)));
        runAsyncStep(calledInstance(order));
        assertThat(order).isWaitingAt("CallActivity_AwaitCancellation");

        caReports(order, CaState.REJECTED);
        assertThat(order).hasPassed("Task_MarkOrderRevoked").isEnded();
        assertLastRecorded("REVOKED", null, "The CA confirmed the cancellation");
        assertThat(history).extracting(Recorded::reason).noneMatch(reason -> reason.contains("rejected"));
    }

    @Test
    void issuedWhileCancellationPendingIsRevokedAndEndsRevoked() {
        ProcessInstance order = requestedOrder("race");
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: race");
        runAsyncStep(order);
        caReports(order, CaState.ISSUED);
        assertThat(order)
                .hasPassed("Task_MarkActiveCancellationPending", "Gateway_CancellationPending")
                .isWaitingAt("Task_RequestRevocationAtCa");
        assertLastRecorded("ACTIVE", "CANCEL", "Certificate issued by the CA, serial 0A1B1001, valid until 2027-01-01");
        runAsyncStep(order);
        assertThat(cancellationsAtCa).hasSize(2);
        caReports(order, CaState.REJECTED);
        assertThat(order).isEnded();
        assertLastRecorded("REVOKED", null, "The CA confirmed the revocation");
    }

    /** Issue 18, item 9: a certificate issued and revoked before the CA answered the cancel still shows as issued. */
    @Test
    void issuedAndRevokedBeforeTheCancellationWasConfirmedSaysItWasIssued() {
        ProcessInstance order = requestedOrder("silent-revoked");
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: too late");
        runAsyncStep(order);
        caAnswer = answer(CaState.REVOKED);
        execute(pollTimerOf(calledInstance(order)));
        runAsyncStep(calledInstance(order));
        assertThat(order)
                .hasPassed("Task_RecordIssuedBeforeRevocation", "Task_MarkOrderRevoked")
                .isEnded();
        assertThat(history.subList(history.size() - 2, history.size()))
                .containsExactly(
                        new Recorded(
                                "ACTIVE",
                                "CANCEL",
                                "Certificate issued by the CA, serial 0A1B1001, valid until 2027-01-01"),
                        new Recorded("REVOKED", null, "The CA confirmed the revocation"));
    }

    /** Issue 18, item 4: a certificate the CA issued and revoked before we saw it is not "rejected" for the customer. */
    @Test
    void issuedAndRevokedBeforeTheOrderWasSeenActiveIsRevokedNotRejected() {
        ProcessInstance order = requestedOrder("revoked-unseen");
        caReports(order, CaState.REVOKED);
        assertThat(order)
                .hasPassed("Task_RecordIssuedWhileRequested", "Task_MarkOrderRevoked")
                .isEnded();
        assertThat(history.subList(history.size() - 2, history.size()))
                .containsExactly(
                        new Recorded(
                                "ACTIVE",
                                null,
                                "Certificate issued by the CA, serial 0A1B1001, valid until 2027-01-01"),
                        new Recorded("REVOKED", null, "The CA reports the certificate revoked: scripted revoked"));
    }

    @Test
    void activeCertificateExpiresAtNotAfter() {
        ProcessInstance order = activeOrder("expire");
        execute(management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Event_CertificateExpired")
                .singleResult());
        assertThat(order)
                .hasPassed("Task_MarkOrderExpired", "Event_OrderExpired")
                .isEnded();
        assertLastRecorded("EXPIRED", null, "Certificate validity ended");
    }

    /** Issue 16: the reconciliation wakes an Actief order whose notAfter the CA reports otherwise; the timer follows. */
    @Test
    void anotherNotAfterFromTheCaMovesTheExpiryTimer() {
        ProcessInstance order = activeOrder("not-after-drift");
        Job before = expiryTimer(order);
        assertThat(before.getDuedate()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));

        IssuedCertificate current = answer(CaState.ISSUED).certificate();
        caAnswer = new CaStatus(
                CaState.ISSUED,
                "scripted issued",
                new IssuedCertificate(
                        current.serialNumber(),
                        current.notBefore(),
                        Instant.parse("2026-12-20T12:00:00Z"),
                        current.pem(),
                        null));
        messages.caStatusChanged(order.getBusinessKey());
        runAsyncStep(order);

        assertThat(order).hasPassed("Task_CollectActiveStatus").isWaitingAt("Gateway_AwaitActiveEvent");
        assertThat(expiryTimer(order).getId()).as("the same timer, moved").isEqualTo(before.getId());
        assertThat(expiryTimer(order).getDuedate()).isEqualTo(Instant.parse("2026-12-20T12:00:00Z"));
        assertThat(runtime.getVariable(order.getId(), NOT_AFTER))
                .isEqualTo(Date.from(Instant.parse("2026-12-20T12:00:00Z")));

        caReports(order, CaState.ISSUED); // the CA's first date again: the timer follows back
        assertThat(expiryTimer(order).getDuedate()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        execute(expiryTimer(order));
        assertThat(order).hasPassed("Task_MarkOrderExpired").isEnded();
    }

    @Test
    void expiryWhileRevocationIsPendingEndsExpired() {
        ProcessInstance order = activeOrder("expire-pending");
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: expiring");
        runAsyncStep(order);
        assertThat(order).isWaitingAt("CallActivity_AwaitRevocation");
        execute(management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Event_CertificateExpired")
                .singleResult());
        assertThat(order).hasPassed("Task_MarkOrderExpired").isEnded();
        assertThat(calledInstances(order)).isEmpty();
        assertLastRecorded("EXPIRED", null, "Certificate validity ended");
    }

    @Test
    void revokedByTheCaWithoutACancel() {
        ProcessInstance order = activeOrder("compromised");
        caReports(order, CaState.REVOKED);
        assertThat(order)
                .hasPassed("Event_RevokedByCa", "Task_MarkOrderRevoked")
                .isEnded();
        assertLastRecorded("REVOKED", null, "The CA reports the certificate revoked: scripted revoked");
    }

    /** Issue 18, item 5: what Cockpit shows (status, pendingTransition, statusReason) is what the order's history says. */
    @Test
    void cockpitsVariablesAreTheLastRecordedStatusAtEveryWaitState() {
        ProcessInstance order = openOrder("cockpit", dv());
        assertCockpitShowsTheOrder(order, new Recorded("OPEN", null, "Order created"));
        messages.submit(order.getBusinessKey(), "Submitted by alice");
        assertCockpitShowsTheOrder(order, lastRecorded());
        runAsyncStep(order);
        assertCockpitShowsTheOrder(order, new Recorded("REQUESTED", null, "Sent to the CA as order 1001"));
        caReports(order, CaState.PENDING);
        assertCockpitShowsTheOrder(order, new Recorded("REQUESTED", null, "Sent to the CA as order 1001"));
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: cockpit");
        assertCockpitShowsTheOrder(order, new Recorded("REQUESTED", "CANCEL", "Cancelled by alice: cockpit"));
        runAsyncStep(order);
        caReports(order, CaState.ISSUED);
        assertCockpitShowsTheOrder(order, lastRecorded());
    }

    /** The process decides what the customer can do; the refusal names what the order can do now. */
    @Test
    void aMessageNoWaitStateTakesIsAConflictThatSaysWhatTheOrderCanDo() {
        ProcessInstance order = requestedOrder("conflict");
        assertThatThrownBy(() -> messages.submit(order.getBusinessKey(), "Submitted by alice"))
                .isInstanceOf(OrderConflictException.class)
                .hasMessage("The order is Aangevraagd and can now only be cancelled");
        assertThatThrownBy(() -> messages.change(order.getBusinessKey(), false))
                .hasMessage("The order is Aangevraagd and can now only be cancelled");
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: once");
        assertThatThrownBy(() -> messages.cancel(order.getBusinessKey(), "Cancelled by alice: twice"))
                .hasMessage("The order is Aangevraagd (cancellation pending at the CA) and cannot be cancelled now");
        runAsyncStep(order);
        caReports(order, CaState.REJECTED);
        assertThatThrownBy(() -> messages.cancel(order.getBusinessKey(), "Cancelled by alice: after the end"))
                .hasMessage("The order is already Ingetrokken");

        ProcessInstance submitting = submittedOrder("submitting");
        assertThatThrownBy(() -> messages.change(submitting.getBusinessKey(), false))
                .as("a submission under way keeps the data as sent")
                .hasMessage("The order is Open (submit pending) and cannot be changed now");
    }

    // ------------------------------------------------------------------ DCV while Aangevraagd (issue 12)

    @Test
    void aDcvMethodChangeAndAResendRunBesideTheWaitForTheCa() {
        ProcessInstance order = requestedOrder("dcv-change");
        messages.changeDcvMethod(order.getBusinessKey(), DcvMethod.EMAIL, "admin@example.com");
        assertThat(order)
                .hasPassed("Event_ChangeDcvMethodRequested")
                .isWaitingAt("CallActivity_AwaitCaDecision", "Task_ChangeDcvMethodAtCa");
        assertThat(calledInstance(order))
                .as("the wait for the CA's decision goes on")
                .isWaitingAt("Gateway_AwaitCaChange");
        assertThat(dcvChangesAtCa)
                .as("asynchronous: the customer's call only starts it")
                .isEmpty();

        runDcvStep(order, "Task_ChangeDcvMethodAtCa");
        assertThat(dcvChangesAtCa).containsExactly("order-dcv-change EMAIL admin@example.com");
        assertThat(order).hasPassed("Event_DcvMethodChanged").isWaitingAt("CallActivity_AwaitCaDecision");

        messages.resendDcvEmail(order.getBusinessKey());
        messages.resendDcvEmail(order.getBusinessKey());
        assertThat(order).hasPassed("Event_ResendDcvEmailRequested").isWaitingAt("Task_ResendDcvEmailAtCa");
        management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Task_ResendDcvEmailAtCa")
                .list()
                .forEach(job -> execute(job));
        assertThat(dcvEmailsResent).containsExactly("order-dcv-change", "order-dcv-change");
        assertThat(order).hasPassed("Event_DcvEmailResent").isWaitingAt("CallActivity_AwaitCaDecision");

        messages.changeDcvMethod(order.getBusinessKey(), DcvMethod.CNAME_CSR_HASH, null);
        runDcvStep(order, "Task_ChangeDcvMethodAtCa");
        assertThat(dcvChangesAtCa).endsWith("order-dcv-change CNAME_CSR_HASH null");
        assertLastRecorded("REQUESTED", null, "Sent to the CA as order 1001");

        caReports(order, CaState.ISSUED);
        assertThat(order).hasPassed("Task_MarkOrderActive").isWaitingAt("Gateway_AwaitActiveEvent");
    }

    @Test
    void aDcvMethodChangeTheCaCannotTakeIsRetriedThenAnIncident() {
        ProcessInstance order = requestedOrder("dcv-outage");
        caDown = true;
        messages.changeDcvMethod(order.getBusinessKey(), DcvMethod.HTTP_CSR_HASH, null);
        Job job = dcvJob(order, "Task_ChangeDcvMethodAtCa");
        assertThatThrownBy(() -> management.executeJob(job.getId())).hasMessageContaining("HTTP 503");
        Job retried = dcvJob(order, "Task_ChangeDcvMethodAtCa");
        assertThat(retried.getRetries()).as("retried with back-off").isEqualTo(job.getRetries() - 1);
        while (dcvJob(order, "Task_ChangeDcvMethodAtCa").getRetries() > 0) {
            String id = dcvJob(order, "Task_ChangeDcvMethodAtCa").getId();
            assertThatThrownBy(() -> management.executeJob(id)).hasMessageContaining("HTTP 503");
        }
        assertThat(runtime.createIncidentQuery()
                        .processInstanceId(order.getId())
                        .singleResult()
                        .getIncidentMessage())
                .as("Cockpit's incident says what failed and what to do")
                .contains("AutoUpdateDCV failed: HTTP 503")
                .contains("Retry in Cockpit");
        assertThat(order).isWaitingAt("CallActivity_AwaitCaDecision", "Task_ChangeDcvMethodAtCa");

        caDown = false;
        management.setJobRetries(dcvJob(order, "Task_ChangeDcvMethodAtCa").getId(), 1);
        runDcvStep(order, "Task_ChangeDcvMethodAtCa");
        assertThat(dcvChangesAtCa).containsExactly("order-dcv-outage HTTP_CSR_HASH null");
        assertThat(runtime.createIncidentQuery()
                        .processInstanceId(order.getId())
                        .count())
                .isZero();
    }

    @Test
    void onlyAnOrderWaitingForTheCasDecisionTakesADcvChangeOrResend() {
        ProcessInstance open = openOrder("dcv-open", dv());
        assertThatThrownBy(() -> messages.changeDcvMethod(open.getBusinessKey(), DcvMethod.EMAIL, "admin@example.com"))
                .isInstanceOf(OrderConflictException.class)
                .hasMessage("The order is Open and cannot be given another DCV method at the CA now; it can only be"
                        + " submitted or changed or cancelled");
        ProcessInstance active = activeOrder("dcv-active");
        assertThatThrownBy(() -> messages.resendDcvEmail(active.getBusinessKey()))
                .isInstanceOf(OrderConflictException.class)
                .hasMessageStartingWith("The order is Actief and cannot be sent the approval e-mail again now; it can"
                        + " only be cancelled or reissued");
        ProcessInstance cancelling = requestedOrder("dcv-cancelling");
        messages.cancel(cancelling.getBusinessKey(), "Cancelled by alice");
        assertThatThrownBy(() -> messages.changeDcvMethod(cancelling.getBusinessKey(), DcvMethod.HTTP_CSR_HASH, null))
                .hasMessage("The order is Aangevraagd (cancellation pending at the CA) and cannot be given another DCV"
                        + " method at the CA now");
        assertThat(dcvChangesAtCa).isEmpty();
    }

    private Job dcvJob(ProcessInstance order, String activityId) {
        return management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId(activityId)
                .singleResult();
    }

    private void runDcvStep(ProcessInstance order, String activityId) {
        execute(dcvJob(order, activityId));
    }

    // ------------------------------------------------------------------ reissue (issue 13)

    private static final TermSchedule TERM_SCHEDULE = TermSchedule.defaults();

    /**
     * A term of 3 months from 2029-03-15 (SC-081: 47 days from that day on): three certificates, reissued
     * automatically when two thirds of each one's lifetime have passed, the last one capped at the term's end and
     * expiring with it. The engine clock is moved to each timer's date; nothing sleeps.
     */
    @Test
    void aTermIsKeptWithAutomaticReissuesUntilItsLastCertificateExpires() {
        at("2029-03-15T00:00:00Z");
        termEnd = TermSchedule.termEnd(Instant.parse("2029-03-15T00:00:00Z"), 3);
        assertThat(termEnd).isEqualTo(Instant.parse("2029-06-15T00:00:00Z"));
        ProcessInstance order = requestedOrder("term");
        caIssues(order, "2029-05-01T00:00:00Z"); // 47 days
        assertThat(order).hasPassed("Task_PlanNextReissue").isWaitingAt("Gateway_AwaitActiveEvent");
        assertThat(reissueTimer(order).getDuedate()).isEqualTo(Instant.parse("2029-04-15T08:00:00Z"));
        assertThat(expiryTimer(order).getDuedate()).isEqualTo(Instant.parse("2029-05-01T00:00:00Z"));

        // first automatic reissue, at two thirds of 47 days (31 days 8 hours)
        at("2029-04-15T08:00:00Z");
        execute(reissueTimer(order));
        assertThat(order).hasPassed("Event_ReissueDue", "Task_RequestAutomaticReissue", "Task_MarkReissuePending");
        assertLastRecorded(
                "ACTIVE",
                "REISSUE",
                "Automatic reissue: two thirds of the certificate's validity have passed (term until 2029-06-15),"
                        + " same CSR");
        runAsyncStep(order);
        assertThat(order).isWaitingAt("CallActivity_AwaitReissue");
        caReplaces(order, "2029-06-01T08:00:00Z"); // 47 days from the reissue
        assertThat(expiryTimer(order).getDuedate())
                .as("the expiry moved to the replacement's notAfter")
                .isEqualTo(Instant.parse("2029-06-01T08:00:00Z"));
        assertThat(reissueTimer(order).getDuedate()).isEqualTo(Instant.parse("2029-05-16T16:00:00Z"));

        // second automatic reissue: 29 whole days are left of the term, the last certificate
        at("2029-05-16T16:00:00Z");
        execute(reissueTimer(order));
        runAsyncStep(order);
        caReplaces(order, "2029-06-14T16:00:00Z");
        assertThat(expiryTimer(order).getDuedate()).isEqualTo(Instant.parse("2029-06-14T16:00:00Z"));
        assertThat(reissueTimer(order).getDuedate())
                .as("no reissue after the term's last certificate: the expiry comes first")
                .isAfter(expiryTimer(order).getDuedate());
        assertThat(reissuesAtCa).hasSize(2);
        assertThat(revocationsOfReplaced)
                .as("an automatic reissue leaves the replaced certificate valid until its end: no revocation")
                .isEmpty();
        assertThat(replacedKept).hasSize(2);

        at("2029-06-14T16:00:00Z");
        execute(expiryTimer(order));
        assertThat(order)
                .hasPassed("Task_MarkOrderExpired", "Event_OrderExpired")
                .isEnded();
        assertLastRecorded("EXPIRED", null, "Certificate validity ended");
    }

    @Test
    void withoutATermNoReissueComesBeforeTheExpiry() {
        ProcessInstance order = activeOrder("no-term");
        assertThat(reissueTimer(order).getDuedate())
                .as("a hundred years after notAfter 2027-01-01: never")
                .isEqualTo(Instant.parse("2127-01-01T00:00:00Z"));
        execute(expiryTimer(order));
        assertThat(order).hasPassed("Task_MarkOrderExpired").isEnded();
        assertThat(reissuesAtCa).isEmpty();
    }

    @Test
    void anAutomaticReissueTheCaRefusesIsTriedAgainADayLater() {
        at("2029-03-15T00:00:00Z");
        termEnd = Instant.parse("2029-06-15T00:00:00Z");
        ProcessInstance order = requestedOrder("term-refused");
        caIssues(order, "2029-05-01T00:00:00Z");
        at("2029-04-15T08:00:00Z");
        reissueRefusal = "-4 csr is invalid";
        execute(reissueTimer(order));
        runAsyncStep(order);
        assertThat(order)
                .hasPassed("Event_CaRefusedReissue", "Task_RecordReissueRefused")
                .isWaitingAt("Gateway_AwaitActiveEvent");
        assertThat(reissueTimer(order).getDuedate()).isEqualTo(Instant.parse("2029-04-16T08:00:00Z"));
        at("2029-04-16T08:00:00Z");
        reissueRefusal = null;
        execute(reissueTimer(order));
        runAsyncStep(order);
        assertThat(reissuesAtCa).containsExactly(order.getBusinessKey());
        assertThat(order).isWaitingAt("CallActivity_AwaitReissue");
    }

    private void at(String instant) {
        ClockUtil.setCurrentTime(Date.from(Instant.parse(instant)));
    }

    /** The CA issues the first certificate now, valid until {@code notAfter}. */
    private void caIssues(ProcessInstance order, String notAfter) {
        caAnswer = issuedNow("0A1B3001", notAfter);
        messages.caStatusChanged(order.getBusinessKey());
        runAsyncStep(calledInstance(order));
    }

    /**
     * The CA issues the replacement now, valid until {@code notAfter}; an automatic reissue leaves the replaced one
     * valid until its end.
     */
    private void caReplaces(ProcessInstance order, String notAfter) {
        caAnswer = issuedNow("0A1B" + (3002 + reissuesAtCa.size()), notAfter);
        messages.caStatusChanged(order.getBusinessKey());
        runAsyncStep(calledInstance(order));
        assertThat(order)
                .hasPassed("Task_RecordCertificateReplaced", "Gateway_AutomaticReissue", "Task_KeepReplacedCertificate")
                .isWaitingAt("Gateway_AwaitActiveEvent");
    }

    private static CaStatus issuedNow(String serial, String notAfter) {
        Instant notBefore = ClockUtil.getCurrentTime().toInstant();
        assertThat(Duration.between(notBefore, Instant.parse(notAfter)).toDays())
                .as("the validity certflow asks for: SC-081's maximum of the day, not past the term's end")
                .isEqualTo(TERM_SCHEDULE.validityDays(
                        notBefore, TermSchedule.termEnd(Instant.parse("2029-03-15T00:00:00Z"), 3), null));
        return new CaStatus(
                CaState.ISSUED,
                "scripted",
                new IssuedCertificate(
                        serial,
                        notBefore,
                        Instant.parse(notAfter),
                        "-----BEGIN CERTIFICATE-----\n" + serial + "\n-----END CERTIFICATE-----",
                        null));
    }

    private Job reissueTimer(ProcessInstance order) {
        return management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Event_ReissueDue")
                .singleResult();
    }

    @Test
    void reissueReplacesTheCertificateRevokesTheOldOneAndMovesTheExpiry() {
        ProcessInstance order = activeOrder("reissue");
        messages.reissue(order.getBusinessKey(), "Reissue requested by alice, new CSR: new server");
        assertThat(order).hasPassed("Event_ReissueRequested", "Task_MarkReissuePending");
        assertLastRecorded("ACTIVE", "REISSUE", "Reissue requested by alice, new CSR: new server");
        assertCockpitShowsTheOrder(order, lastRecorded());
        runAsyncStep(order);
        assertThat(reissuesAtCa).containsExactly(order.getBusinessKey());
        assertThat(order).isWaitingAt("CallActivity_AwaitReissue");
        assertThat(calledInstance(order).getBusinessKey()).isEqualTo(order.getBusinessKey());

        // Sectigo's "replaced" push for the old certificate, or a poll, before the new one: still processing.
        caReports(order, CaState.PENDING);
        assertThat(order).isWaitingAt("CallActivity_AwaitReissue");
        assertLastRecorded("ACTIVE", "REISSUE", "Reissue requested by alice, new CSR: new server");

        caReportsReplacement(order);
        assertThat(order)
                .hasPassed("Gateway_ReissueOutcome", "Task_RecordCertificateReplaced", "Gateway_AutomaticReissue")
                .isWaitingAt("Task_RevokeReplacedCertificate");
        assertLastRecorded(
                "ACTIVE", null, "Reissued: Certificate issued by the CA, serial 0A1B2002, valid until 2027-06-01");
        runAsyncStep(order);
        assertThat(revocationsOfReplaced).containsExactly(order.getBusinessKey());
        assertThat(replacedKept).isEmpty();
        assertThat(order)
                .hasPassed("Event_CertificateReplaced", "Gateway_CertificateReplaced")
                .isWaitingAt("Gateway_AwaitActiveEvent");
        assertThat(expiryTimer(order).getDuedate().toInstant())
                .as("the expiry timer moved to the replacement's notAfter")
                .isEqualTo(Instant.parse("2027-06-01T00:00:00Z"));

        // A push after the new certificate (the old one's "replaced", statusCode 14): the order stays Actief.
        caAnswer = replacement();
        messages.caStatusChanged(order.getBusinessKey());
        runAsyncStep(order);
        assertThat(order).isWaitingAt("Gateway_AwaitActiveEvent");

        execute(expiryTimer(order));
        assertThat(order).hasPassed("Task_MarkOrderExpired").isEnded();
        assertLastRecorded("EXPIRED", null, "Certificate validity ended");
    }

    /**
     * Contract, "Reissue": the customer's reissue revokes the replaced certificate at the CA (superseded, or
     * keyCompromise), also a plain one without a key compromise; only a term's automatic reissue keeps it (the gateway
     * "Automatic reissue?", variable automaticReissue false from Msg_ReissueOrder).
     */
    @Test
    void aPlainCustomerReissueRevokesTheReplacedCertificate() {
        ProcessInstance order = reissuingOrder("reissue-plain");
        assertThat(runtime.getVariable(order.getId(), AUTOMATIC_REISSUE)).isEqualTo(false);
        caReportsReplacement(order);
        assertThat(order)
                .hasPassed("Gateway_AutomaticReissue")
                .hasNotPassed("Task_KeepReplacedCertificate")
                .isWaitingAt("Task_RevokeReplacedCertificate");
        runAsyncStep(order);
        assertThat(revocationsOfReplaced).containsExactly(order.getBusinessKey());
        assertThat(replacedKept).isEmpty();
        assertThat(order).hasPassed("Event_CertificateReplaced").isWaitingAt("Gateway_AwaitActiveEvent");
        assertThat(expiryTimer(order).getDuedate().toInstant())
                .as("the order's expiry follows the replacement")
                .isEqualTo(Instant.parse("2027-06-01T00:00:00Z"));
    }

    /**
     * An order whose reissue started without the variable automaticReissue (a running order migrated from a model
     * before it) takes the gateway's default: the replaced certificate is revoked, as the contract says for a
     * customer's reissue.
     */
    @Test
    void aReissueWithoutTheAutomaticReissueVariableRevokesTheReplacedCertificate() {
        ProcessInstance order = reissuingOrder("reissue-migrated");
        runtime.removeVariable(order.getId(), AUTOMATIC_REISSUE);
        assertThat(runtime.getVariable(order.getId(), AUTOMATIC_REISSUE)).isNull();
        caReportsReplacement(order);
        assertThat(order).hasPassed("Gateway_AutomaticReissue").isWaitingAt("Task_RevokeReplacedCertificate");
        runAsyncStep(order);
        assertThat(revocationsOfReplaced).containsExactly(order.getBusinessKey());
        assertThat(replacedKept).isEmpty();
    }

    @Test
    void aReissueTheCaRefusesAtOnceKeepsTheCurrentCertificate() {
        ProcessInstance order = activeOrder("reissue-refused");
        Job expiry = expiryTimer(order);
        messages.reissue(order.getBusinessKey(), "Reissue requested by alice, same CSR: routine");
        reissueRefusal = "-4 csr is invalid";
        runAsyncStep(order);
        assertThat(order)
                .hasPassed("Event_CaRefusedReissue", "Task_RecordReissueRefused")
                .isWaitingAt("Gateway_AwaitActiveEvent");
        assertLastRecorded("ACTIVE", null, "The CA refused the reissue: -4 csr is invalid");
        assertThat(expiryTimer(order).getId())
                .as("the certificate and its expiry stay")
                .isEqualTo(expiry.getId());
        assertThat(revocationsOfReplaced).isEmpty();
    }

    @Test
    void aReissueTheCaRejectsLaterKeepsTheCurrentCertificate() {
        ProcessInstance order = reissuingOrder("reissue-rejected");
        caReports(order, CaState.REJECTED);
        assertThat(order)
                .hasPassed("Gateway_ReissueOutcome", "Task_RecordReissueRefused")
                .isWaitingAt("Gateway_AwaitActiveEvent");
        assertLastRecorded("ACTIVE", null, "The CA reports the order rejected: scripted rejected");
        messages.reissue(order.getBusinessKey(), "Reissue requested by alice, new CSR: second try");
        assertLastRecorded("ACTIVE", "REISSUE", "Reissue requested by alice, new CSR: second try");
    }

    @Test
    void cancelDuringAPendingReissueRevokesTheOrder() {
        ProcessInstance order = reissuingOrder("reissue-cancel");
        messages.cancel(order.getBusinessKey(), "Cancelled by alice: server gone");
        assertThat(order).hasPassed("Event_CancelRequestedWhileReissuing", "Task_MarkRevocationPending");
        assertLastRecorded("ACTIVE", "CANCEL", "Cancelled by alice: server gone");
        runAsyncStep(order);
        assertThat(cancellationsAtCa).containsExactly(order.getBusinessKey());
        assertThat(order).isWaitingAt("CallActivity_AwaitRevocation");
        caReports(order, CaState.REVOKED);
        assertThat(order).hasPassed("Task_MarkOrderRevoked").isEnded();
        assertLastRecorded("REVOKED", null, "The CA confirmed the revocation");
    }

    @Test
    void expiryDuringAPendingReissueEndsExpired() {
        ProcessInstance order = reissuingOrder("reissue-expiry");
        execute(expiryTimer(order));
        assertThat(order).hasPassed("Task_MarkOrderExpired").isEnded();
        assertThat(calledInstances(order))
                .as("the wait for the replacement ends with it")
                .isEmpty();
        assertLastRecorded("EXPIRED", null, "Certificate validity ended");
    }

    @Test
    void revokedByTheCaDuringAReissueEndsRevoked() {
        ProcessInstance order = reissuingOrder("reissue-revoked");
        caReports(order, CaState.REVOKED);
        assertThat(order)
                .hasPassed("Gateway_ReissueOutcome", "Event_RevokedByCa", "Task_MarkOrderRevoked")
                .isEnded();
        assertLastRecorded("REVOKED", null, "The CA reports the certificate revoked: scripted revoked");
    }

    @Test
    void onlyAnActiveOrderWithoutPendingTransitionCanBeReissued() {
        ProcessInstance requested = requestedOrder("reissue-too-early");
        assertThatThrownBy(() -> messages.reissue(requested.getBusinessKey(), "Reissue requested by alice"))
                .isInstanceOf(OrderConflictException.class)
                .hasMessage("The order is Aangevraagd and can now only be cancelled");
        ProcessInstance reissuing = reissuingOrder("reissue-twice");
        assertThatThrownBy(() -> messages.reissue(reissuing.getBusinessKey(), "Reissue requested by alice"))
                .hasMessage("The order is Actief (reissue pending at the CA) and can now only be cancelled");
        ProcessInstance active = activeOrder("reissue-or-cancel");
        assertThatThrownBy(() -> messages.submit(active.getBusinessKey(), "Submitted by alice"))
                .hasMessage("The order is Actief and can now only be cancelled or reissued or renewed");
    }

    /**
     * Issue 13: reminders 30, 14 and 7 days before the certificate's notAfter (2027-01-01T00:00Z in these scripts:
     * 2026-12-02, 2026-12-18 and 2026-12-25), each once, on the engine clock; a CA push in between sends none again.
     */
    @Test
    void renewalRemindersAreSentThirtyFourteenAndSevenDaysBeforeTheEnd() {
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-10-03T10:00:00Z")));
        ProcessInstance order = activeOrder("remind");
        assertThat(reminderTimer(order).getDuedate().toInstant()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));

        fireReminderAt(order, "2026-12-02T00:00:00Z");
        assertThat(order).hasPassed("Event_RenewalReminderDue", "Task_SendRenewalReminder");
        assertThat(renewalReminders)
                .containsExactly("Renewal reminder: the certificate expires in 30 days (2027-01-01T00:00:00Z); "
                        + "renew the order to keep a certificate in place");
        caReports(order, CaState.ISSUED);
        assertThat(reminderTimer(order).getDuedate().toInstant())
                .as("a CA push in between does not send the 30-day reminder again")
                .isEqualTo(Instant.parse("2026-12-18T00:00:00Z"));

        fireReminderAt(order, "2026-12-18T00:00:00Z");
        fireReminderAt(order, "2026-12-25T00:00:00Z");
        assertThat(renewalReminders)
                .hasSize(3)
                .allMatch(line -> line.startsWith("Renewal reminder: the certificate expires in "));
        assertThat(renewalReminders.get(1)).contains("in 14 days");
        assertThat(renewalReminders.get(2)).contains("in 7 days");
        assertThat(reminderTimer(order).getDuedate().toInstant())
                .as("no reminder left: after the end, where the expiry comes first")
                .isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));
        assertThat(order).isWaitingAt("Gateway_AwaitActiveEvent");
        assertThat(history).noneMatch(line -> line.reason().startsWith("Renewal reminder"));
    }

    @Test
    void aReminderWhoseDayHadPassedWhenTheCertificateWasIssuedIsSkipped() {
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-12-20T08:00:00Z")));
        ProcessInstance order = activeOrder("remind-late");
        assertThat(reminderTimer(order).getDuedate().toInstant())
                .as("30 and 14 days before 2027-01-01 have passed")
                .isEqualTo(Instant.parse("2026-12-25T00:00:00Z"));
        fireReminderAt(order, "2026-12-25T00:00:00Z");
        assertThat(renewalReminders).hasSize(1).allMatch(line -> line.contains("in 7 days"));
    }

    /** Issue 13: once a renewal is ordered, the process records it and sends no more reminders. */
    @Test
    void noRenewalRemindersOnceARenewalIsOrdered() {
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-10-03T10:00:00Z")));
        ProcessInstance order = activeOrder("renewed");
        fireReminderAt(order, "2026-12-02T00:00:00Z");
        assertThat(renewalReminders).hasSize(1);

        messages.renewalOrdered(order.getBusinessKey(), "successor-1", "Renewal ordered by alice: order successor-1");
        assertThat(order).hasPassed("Event_RenewalOrdered", "Task_RecordRenewalOrdered");
        assertLastRecorded("ACTIVE", null, "Renewal ordered by alice: order successor-1");
        assertThat(runtime.getVariable(order.getId(), RENEWED_BY)).isEqualTo("successor-1");
        assertThat(reminderTimer(order).getDuedate().toInstant())
                .as("no reminder before the end any more")
                .isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));

        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-12-26T00:00:00Z")));
        assertThat(management
                        .createJobQuery()
                        .processInstanceId(order.getId())
                        .timers()
                        .duedateLowerThan(ClockUtil.getCurrentTime())
                        .list())
                .as("nothing due on the 14- and 7-day reminder days")
                .isEmpty();
        execute(management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Event_CertificateExpired")
                .singleResult());
        assertThat(order).hasPassed("Task_MarkOrderExpired").isEnded();
        assertThat(renewalReminders).hasSize(1);
    }

    /** An order with a term (in the order store): the reminders count back from the term's end, not the certificate's. */
    @Test
    void renewalRemindersOfATermCountBackFromTheTermsEnd() {
        ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-10-03T10:00:00Z")));
        ProcessInstance order = activeOrder("remind-term");
        termEnds = Instant.parse("2027-10-03T00:00:00Z");
        caReports(order, CaState.ISSUED);
        assertThat(reminderTimer(order).getDuedate().toInstant())
                .as("30 days before the term's end, not before the certificate's 2027-01-01")
                .isEqualTo(Instant.parse("2027-09-03T00:00:00Z"));
    }

    @Test
    void onlyAnActiveOrderWithoutPendingTransitionTakesARenewal() {
        ProcessInstance requested = requestedOrder("renew-too-early");
        assertThatThrownBy(() -> messages.renewalOrdered(requested.getBusinessKey(), "successor-2", "Renewal"))
                .isInstanceOf(OrderConflictException.class)
                .hasMessage("The order is Aangevraagd and can now only be cancelled");
        ProcessInstance reissuing = reissuingOrder("renew-while-reissuing");
        assertThatThrownBy(() -> messages.renewalOrdered(reissuing.getBusinessKey(), "successor-3", "Renewal"))
                .hasMessage("The order is Actief (reissue pending at the CA) and can now only be cancelled");
    }

    private Job reminderTimer(ProcessInstance order) {
        return management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Event_RenewalReminderDue")
                .timers()
                .singleResult();
    }

    /** The engine clock moved to the reminder's day (not slept), then its timer run as the job executor would. */
    private void fireReminderAt(ProcessInstance order, String at) {
        Job timer = reminderTimer(order);
        assertThat(timer.getDuedate().toInstant()).isEqualTo(Instant.parse(at));
        ClockUtil.setCurrentTime(Date.from(Instant.parse(at)));
        execute(timer);
        assertThat(order).isWaitingAt("Gateway_AwaitActiveEvent");
    }

    private ProcessInstance reissuingOrder(String name) {
        ProcessInstance order = activeOrder(name);
        messages.reissue(order.getBusinessKey(), "Reissue requested by alice, same CSR: routine");
        runAsyncStep(order);
        assertThat(order).isWaitingAt("CallActivity_AwaitReissue");
        return order;
    }

    private void caReportsReplacement(ProcessInstance order) {
        caAnswer = replacement();
        messages.caStatusChanged(order.getBusinessKey());
        runAsyncStep(calledInstance(order));
    }

    private static CaStatus replacement() {
        return new CaStatus(
                CaState.ISSUED,
                "scripted replacement",
                new IssuedCertificate(
                        "0A1B2002",
                        Instant.parse("2026-12-02T00:00:00Z"),
                        Instant.parse("2027-06-01T00:00:00Z"),
                        "-----BEGIN CERTIFICATE-----\nreplacement\n-----END CERTIFICATE-----",
                        null));
    }

    private Job expiryTimer(ProcessInstance order) {
        return management
                .createJobQuery()
                .processInstanceId(order.getId())
                .activityId("Event_CertificateExpired")
                .singleResult();
    }

    private ProcessInstance openOrder(String name, OrderDetails details) {
        String orderId = "order-" + name;
        messages.start(orderId, details);
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(PROCESS_KEY)
                .processInstanceBusinessKey(orderId)
                .singleResult();
    }

    private ProcessInstance submittedOrder(String name) {
        ProcessInstance order = openOrder(name, dv());
        messages.submit(order.getBusinessKey(), "Submitted by alice");
        assertThat(order)
                .hasPassed("Task_MarkRequestPending", "Gateway_PrevalidationDone")
                .isWaitingAt("Task_SubmitOrderToCa");
        assertLastRecorded("OPEN", "REQUEST", "Submitted by alice");
        return order;
    }

    private ProcessInstance requestedOrder(String name) {
        ProcessInstance order = submittedOrder(name);
        runAsyncStep(order);
        assertThat(order).isWaitingAt("CallActivity_AwaitCaDecision");
        ProcessInstance called = calledInstance(order);
        assertThat(called.getBusinessKey())
                .as("Cockpit finds the wait by the order id")
                .isEqualTo(order.getBusinessKey());
        assertThat(called).isWaitingAt("Gateway_AwaitCaChange");
        return order;
    }

    private ProcessInstance activeOrder(String name) {
        ProcessInstance order = requestedOrder(name);
        caReports(order, CaState.ISSUED);
        assertThat(order).isWaitingAt("Gateway_AwaitActiveEvent");
        return order;
    }

    /** A push as the delivery process hands it over (by business key), then the collect job it triggers. */
    private void caReports(ProcessInstance order, CaState state) {
        caAnswer = answer(state);
        messages.caStatusChanged(order.getBusinessKey());
        List<ProcessInstance> waiting = calledInstances(order);
        runAsyncStep(waiting.isEmpty() ? order : waiting.get(0));
    }

    private ProcessInstance calledInstance(ProcessInstance order) {
        List<ProcessInstance> called = calledInstances(order);
        assertThat(called).as("one instance of AwaitCaOutcomeProcess").hasSize(1);
        return called.get(0);
    }

    private List<ProcessInstance> calledInstances(ProcessInstance order) {
        return runtime.createProcessInstanceQuery()
                .superProcessInstanceId(order.getId())
                .list();
    }

    /** Executes the instance's one pending asynchronous continuation (a CA or KvK call), as the job executor would. */
    private void runAsyncStep(ProcessInstance instance) {
        execute(management
                .createJobQuery()
                .processInstanceId(instance.getId())
                .messages()
                .singleResult());
    }

    private Job pollTimerOf(ProcessInstance called) {
        return management
                .createJobQuery()
                .processInstanceId(called.getId())
                .activityId("Event_CaPollDue")
                .timers()
                .singleResult();
    }

    private void assertLastRecorded(String status, String pendingTransition, String reason) {
        assertThat(lastRecorded()).isEqualTo(new Recorded(status, pendingTransition, reason));
    }

    private Recorded lastRecorded() {
        assertThat(history).isNotEmpty();
        return history.get(history.size() - 1);
    }

    private void assertCockpitShowsTheOrder(ProcessInstance order, Recorded expected) {
        Map<String, Object> variables = runtime.getVariables(order.getId());
        assertThat(new Recorded((String) variables.get(STATUS), (String) variables.get(PENDING_TRANSITION), (String)
                        variables.get(STATUS_REASON)))
                .isEqualTo(expected);
    }

    private static CaStatus answer(CaState state) {
        IssuedCertificate certificate = state == CaState.ISSUED || state == CaState.REVOKED
                ? new IssuedCertificate(
                        "0A1B1001",
                        Instant.parse("2026-10-03T00:00:00Z"),
                        Instant.parse("2027-01-01T00:00:00Z"),
                        "-----BEGIN CERTIFICATE-----\nscripted\n-----END CERTIFICATE-----",
                        null)
                : null;
        return new CaStatus(state, "scripted " + state.name().toLowerCase(), certificate);
    }

    private static OrderDetails dv() {
        return new OrderDetails(ValidationType.DV, "www.example.com", List.of(), "csr", 90, null, null);
    }

    private static OrderDetails ovDutch() {
        return new OrderDetails(
                ValidationType.OV,
                "shop.example.nl",
                List.of(),
                "csr",
                90,
                null,
                new Company("Test BV Donald", "68750110", "NL", "Hoofdstraat 1", "1234 AB", "Amsterdam"));
    }
}
