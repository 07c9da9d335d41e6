package nl.certflow.process;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import nl.certflow.ca.CaOrderRequest;
import nl.certflow.ca.CaRefusedException;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CaStatus;
import nl.certflow.ca.CaSubmission;
import nl.certflow.ca.CertificateAuthority;
import nl.certflow.ca.IssuedCertificate;

/** A CA whose answers the process tests script, so every path of the model can be walked deterministically. */
public class ScriptedCertificateAuthority implements CertificateAuthority {

    private final AtomicInteger orderNumbers = new AtomicInteger(1000);
    private final Clock clock;
    private volatile CaState state = CaState.PENDING;
    private volatile String refusal;
    final List<String> cancellations = new ArrayList<>();

    public ScriptedCertificateAuthority(Clock clock) {
        this.clock = clock;
    }

    void answer(CaState next) {
        state = next;
    }

    void refuseNextSubmit(String message) {
        refusal = message;
    }

    void reset() {
        state = CaState.PENDING;
        refusal = null;
        cancellations.clear();
    }

    @Override
    public CaSubmission submit(CaOrderRequest request) {
        if (refusal != null) {
            String message = refusal;
            refusal = null;
            throw new CaRefusedException(message);
        }
        int number = orderNumbers.incrementAndGet();
        return new CaSubmission(Integer.toString(number), "C" + number);
    }

    @Override
    public synchronized void cancel(String caOrderNumber, String reason) {
        cancellations.add(caOrderNumber);
    }

    @Override
    public CaStatus collect(String caOrderNumber) {
        CaState current = state;
        IssuedCertificate certificate = current == CaState.ISSUED || current == CaState.REVOKED
                ? new IssuedCertificate("0A1B" + caOrderNumber, clock.instant(), clock.instant().plus(Duration.ofDays(30)),
                        "-----BEGIN CERTIFICATE-----\nscripted\n-----END CERTIFICATE-----", null)
                : null;
        return new CaStatus(current, "scripted " + current.name().toLowerCase(), certificate);
    }
}
