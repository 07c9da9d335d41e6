package nl.certflow.bench.ceiling;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * certflow's delegate beans, doing nothing but what steers the model: the CA "issues" on the first collect and
 * "revokes" on a collect after a cancel. So the ceiling measures the engine alone.
 */
@Configuration(proxyBeanMethods = false)
class NoOpDelegates {

    /** The service tasks of the minimal model, ceiling (b). */
    @Bean
    JavaDelegate noOp() {
        return execution -> {};
    }

    @Bean
    JavaDelegate recordOrderStatus() {
        return execution -> {};
    }

    @Bean
    JavaDelegate prevalidateCompany() {
        return execution -> {};
    }

    @Bean
    JavaDelegate submitOrderToCa() {
        return execution -> execution.setVariable("caOrderNumber", "CA-" + execution.getProcessBusinessKey());
    }

    @Bean
    JavaDelegate requestCancellationAtCa() {
        return execution -> {};
    }

    @Bean
    JavaDelegate collectCaStatus() {
        return execution -> {
            // The wait for the CA is a called process: whether a cancel is pending is the calling order's variable.
            DelegateExecution order = execution.getProcessInstance().getSuperExecution();
            boolean afterCancel = order != null && "CANCEL".equals(order.getVariable("pendingTransition"));
            execution.setVariable("caOutcome", afterCancel ? "REVOKED" : "ISSUED");
            execution.setVariable("caReport", afterCancel ? "Revoked" : "Issued");
            execution.setVariable("certificateReport", "Issued");
            if (!afterCancel) {
                execution.setVariable("notAfter", Date.from(Instant.now().plus(Duration.ofDays(90))));
            }
        };
    }

    @Bean
    JavaDelegate deliverCaPush() {
        return execution -> {};
    }

    /** No order of the benchmark has a term: "Reissue due" is set after the certificate's end, like certflow's. */
    @Bean
    JavaDelegate planReissue() {
        return execution ->
                execution.setVariable("reissueAt", Date.from(Instant.now().plus(Duration.ofDays(365))));
    }

    @Bean
    JavaDelegate requestAutomaticReissue() {
        return execution -> {};
    }

    @Bean
    JavaDelegate keepReplacedCertificate() {
        return execution -> {};
    }

    /** The timer "Reissue due" reads {@code ${reissueTimer.dueAt(execution)}}: the variable planReissue set. */
    @Bean
    ReissueTimer reissueTimer() {
        return new ReissueTimer();
    }

    public static class ReissueTimer {

        public Date dueAt(VariableScope execution) {
            Object at = execution.getVariable("reissueAt");
            return at instanceof Date date ? date : Date.from(Instant.now().plus(Duration.ofDays(365)));
        }
    }

    @Bean
    JavaDelegate sendRenewalReminder() {
        return execution -> {};
    }

    /** The Actief stage's reminder timer reads {@code ${renewalReminders.nextAt(execution)}}: never within a run. */
    @Bean
    RenewalReminders renewalReminders() {
        return new RenewalReminders();
    }

    public static class RenewalReminders {

        public Date nextAt(Object execution) {
            return Date.from(Instant.now().plus(Duration.ofDays(365)));
        }
    }

    /** The model's poll timers read {@code ${caPolling.interval}}. */
    @Bean
    CaPolling caPolling() {
        return new CaPolling();
    }

    public static class CaPolling {

        public String getInterval() {
            return "PT3H";
        }
    }
}
