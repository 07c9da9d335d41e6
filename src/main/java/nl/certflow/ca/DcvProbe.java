package nl.certflow.ca;

import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvTokens;

/**
 * Whether a domain's DCV record is in place, looked up as the CA would (DNS or the URL). The simulated CA asks it at
 * a collect, so it validates exactly when certflow's own check finds the record (implemented in
 * {@code nl.certflow.dcv} with the configured resolver).
 */
public interface DcvProbe {

    boolean recordInPlace(DcvMethod method, String domain, DcvTokens tokens);
}
