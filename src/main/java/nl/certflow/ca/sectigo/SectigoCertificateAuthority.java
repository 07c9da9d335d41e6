package nl.certflow.ca.sectigo;

import static nl.certflow.ca.sectigo.SectigoFields.*;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import nl.certflow.ca.CaDcvChange;
import nl.certflow.ca.CaOrderRequest;
import nl.certflow.ca.CaRefusedException;
import nl.certflow.ca.CaReissueRequest;
import nl.certflow.ca.CaReportEntry;
import nl.certflow.ca.CaReportPage;
import nl.certflow.ca.CaRevocation;
import nl.certflow.ca.CaState;
import nl.certflow.ca.CaStatus;
import nl.certflow.ca.CaSubmission;
import nl.certflow.ca.CaUnavailableException;
import nl.certflow.ca.CertificateAuthority;
import nl.certflow.ca.IssuedCertificate;
import nl.certflow.order.Company;
import nl.certflow.order.DcvMethod;
import nl.certflow.order.DcvStatus;
import nl.certflow.order.Requester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CertificateAuthority} backed by Sectigo's reseller API (AutoApplySSL, AutoRevokeSSL, CollectSSL).
 *
 * <p>Not a Spring bean by itself: wire it where {@code certflow.ca.provider=sectigo}. Thread-safe. CollectSSL calls
 * are serialised per login name across all instances in this JVM, as Sectigo forbids concurrent CollectSSL calls.
 *
 * <p>Errors: {@link CaUnavailableException} for anything a retry or an operator can cure (network, timeout, HTTP
 * status other than 200, unparseable answer, and the codes in {@link SectigoFields#TRANSIENT_ERROR_CODES}, among them
 * -16 login failure and -15 no credit); {@link CaRefusedException} with Sectigo's message for other negative codes.
 * Credentials never appear in log lines or exception messages.
 */
public class SectigoCertificateAuthority implements CertificateAuthority {

    private static final Logger LOG = LoggerFactory.getLogger(SectigoCertificateAuthority.class);

    /** One fair lock per account (base URL + login name) for CollectSSL, shared by all instances. */
    private static final ConcurrentHashMap<String, ReentrantLock> COLLECT_LOCKS = new ConcurrentHashMap<>();

    private final SectigoProperties properties;
    private final SectigoApi api;
    private final ReentrantLock collectLock;

    public SectigoCertificateAuthority(SectigoProperties properties) {
        this(properties, SectigoApi.defaultClient(Objects.requireNonNull(properties, "properties")));
    }

    /** With a caller-supplied JDK HttpClient (e.g. a custom SSLContext or proxy); the read timeout still applies. */
    public SectigoCertificateAuthority(SectigoProperties properties, HttpClient httpClient) {
        this.properties = Objects.requireNonNull(properties, "properties");
        if (properties.loginName() == null
                || properties.loginName().isBlank()
                || properties.loginPassword() == null
                || properties.loginPassword().isEmpty()) {
            throw new IllegalArgumentException("certflow.ca.sectigo.login-name and login-password are required");
        }
        this.api = new SectigoApi(properties, Objects.requireNonNull(httpClient, "httpClient"));
        this.collectLock = COLLECT_LOCKS.computeIfAbsent(
                properties.baseUrl() + "\u0000" + properties.loginName(), key -> new ReentrantLock(true));
    }

    // ------------------------------------------------------------------ report

    @Override
    public CaReportPage report(Instant placedFrom, Instant placedTo, int firstResultNo, int lastResultNo) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(REPORT_NOT_BEFORE, Long.toString(placedFrom.getEpochSecond()));
        form.put(REPORT_NOT_AFTER, Long.toString(placedTo.getEpochSecond()));
        form.put(FIRST_RESULT_NO, Integer.toString(firstResultNo));
        form.put(LAST_RESULT_NO, Integer.toString(lastResultNo));
        SectigoApi.Answer answer = api.call(CALL_WEB_HOST_REPORT, PATH_WEB_HOST_REPORT, form);
        if (answer.errorCode() != OK) {
            throw api.unavailable(
                    CALL_WEB_HOST_REPORT,
                    "errorCode " + answer.errorCode() + ": " + answer.errorText(),
                    "reconciliation is retried at its next run",
                    null);
        }
        int total = parseCount(answer.get(NO_OF_RESULTS));
        List<CaReportEntry> entries = new ArrayList<>();
        for (int row = firstResultNo; row <= lastResultNo; row++) {
            String orderNumber = trimToNull(answer.get(row + "_orderNumber"));
            if (orderNumber == null) {
                continue;
            }
            // the first certificate of the order (N_1_...): certflow places one certificate per order
            String status = answer.get(row + "_1_status");
            String notAfter = trimToNull(answer.get(row + "_1_notAfter"));
            entries.add(new CaReportEntry(
                    orderNumber,
                    reportState(status),
                    trimToNull(answer.get(row + "_1_certificateID")),
                    notAfter == null ? null : Instant.ofEpochSecond(Long.parseLong(notAfter.trim()))));
        }
        return new CaReportPage(entries, total);
    }

    /** WebHostReport's certificate status in words; anything not final counts as still pending. */
    static CaState reportState(String status) {
        String text = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
        if (text.contains("revoked")) {
            return CaState.REVOKED;
        }
        if (text.contains("rejected")) {
            return CaState.REJECTED;
        }
        if (text.contains("expired")) {
            return CaState.EXPIRED;
        }
        if (text.equals("valid") || text.contains("issued")) {
            return CaState.ISSUED;
        }
        return CaState.PENDING;
    }

    private static int parseCount(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ submit

    @Override
    public CaSubmission submit(CaOrderRequest request) {
        Objects.requireNonNull(request, "request");
        Map<String, String> form = submitForm(request);
        SectigoApi.Answer answer = api.call(CALL_AUTO_APPLY_SSL, PATH_AUTO_APPLY_SSL, form);
        int code = answer.errorCode();
        if (code == OK || code == OK_PAYMENT_REQUIRED) {
            String orderNumber = trimToNull(answer.get(ORDER_NUMBER));
            if (orderNumber == null) {
                // The order may have been placed; an operator must look (retrying may place it twice).
                throw api.unavailable(
                        CALL_AUTO_APPLY_SSL,
                        "unparseable answer (errorCode " + code + " without " + ORDER_NUMBER + ")",
                        "the order may have been placed: look up foreignOrderNumber " + request.orderId()
                                + " at Sectigo before retrying",
                        null);
            }
            String certificateId = trimToNull(answer.get(CERTIFICATE_ID));
            LOG.info(
                    "Sectigo AutoApplySSL placed order {} (orderNumber {}, certificateID {}, totalCost {}{})",
                    request.orderId(),
                    orderNumber,
                    certificateId,
                    answer.get(TOTAL_COST),
                    code == OK_PAYMENT_REQUIRED ? ", payment required" : "");
            return new CaSubmission(orderNumber, certificateId);
        }
        throw failure(CALL_AUTO_APPLY_SSL, answer, "refused order " + request.orderId());
    }

    private Map<String, String> submitForm(CaOrderRequest request) {
        if (request.validation() == null) {
            throw new CaRefusedException(
                    "Sectigo AutoApplySSL not called: order " + request.orderId() + " has no validation type");
        }
        String product = properties.productFor(request.validation());
        Map<String, String> form = new LinkedHashMap<>();
        form.put(PRODUCT, product);
        form.put(DAYS, Integer.toString(request.validityDays()));
        form.put(CSR, nullToEmpty(request.csrPem()));
        form.put(SERVER_SOFTWARE, SERVER_SOFTWARE_OTHER);
        putDcv(
                form,
                request.dcvMethod(),
                request.dcvEmailAddress(),
                request.uniqueValue(),
                request.commonName(),
                request.subjectAlternativeNames());
        form.put(IS_CUSTOMER_VALIDATED, properties.customerValidated() ? YES : NO);
        form.put(SHOW_CERTIFICATE_ID, YES);
        form.put(FOREIGN_ORDER_NUMBER, nullToEmpty(request.orderId()));

        Requester requester = request.requester();
        if (requester != null) {
            String[] name = splitName(requester.name());
            putIfPresent(form, APP_REP_FORENAME, name[0]);
            putIfPresent(form, APP_REP_SURNAME, name[1]);
            putIfPresent(form, APP_REP_EMAIL_ADDRESS, requester.email());
            putIfPresent(form, APP_REP_TELEPHONE, requester.phone());
        }

        if (request.validation().validatesOrganisation()) {
            Company company = request.company();
            if (company == null) {
                throw new CaRefusedException("Sectigo AutoApplySSL not called: " + request.validation() + " order "
                        + request.orderId() + " has no company");
            }
            putIfPresent(form, ORGANIZATION_NAME, company.name());
            putIfPresent(form, STREET_ADDRESS_1, company.street());
            putIfPresent(form, LOCALITY_NAME, company.city());
            putIfPresent(form, POSTAL_CODE, company.postalCode());
            putIfPresent(
                    form,
                    COUNTRY_NAME,
                    company.country() == null ? null : company.country().trim().toUpperCase(Locale.ROOT));
            putIfPresent(form, COMPANY_NUMBER, company.kvkNumber());
        }
        return form;
    }

    /**
     * The names of an order with SANs, for AutoApplySSL and AutoReplaceSSL: {@code domainNames} (the common name
     * first, then each SAN, lower case, each once, wildcards as written), {@code primaryDomainName} (the common name:
     * without it Sectigo puts no common name into a multi-domain certificate) and {@code dcvEmailAddresses} (per name,
     * in the same order, the order's approver address or its CSR-hash method). docs.sectigo.com/sps/auto-apply-ssl/request
     * and /sps/auto-replace-ssl/request document domainNames and primaryDomainName,
     * docs.sectigo.com/mcp/mark-certificates/endpoint-replace-mc dcvEmailAddresses (see {@link SectigoFields}). An
     * order of one name sends none of them: the CSR names it, {@code dcvMethod} validates it.
     */
    static void putDomainNames(
            Map<String, String> form,
            String commonName,
            List<String> subjectAlternativeNames,
            DcvMethod method,
            String approverEmail) {
        List<String> names = certificateNames(commonName, subjectAlternativeNames);
        if (names.size() <= 1) {
            return;
        }
        form.put(DOMAIN_NAMES, String.join(",", names));
        if (trimToNull(commonName) != null) {
            form.put(PRIMARY_DOMAIN_NAME, commonName.trim().toLowerCase(Locale.ROOT));
        }
        String perDomain = mdcDcvValue(method, approverEmail);
        if (perDomain != null) {
            form.put(DCV_EMAIL_ADDRESSES, String.join(",", Collections.nCopies(names.size(), perDomain)));
        }
    }

    /** The request's method, else the configured one ({@code certflow.ca.sectigo.dcv-method}); null if unknown. */
    /**
     * The DCV fields AutoApplySSL and AutoReplaceSSL share: the order's own method (and address, uniqueValue), or the
     * configured method for a request without one, and every domain of a multi-domain order.
     */
    private void putDcv(
            Map<String, String> form,
            DcvMethod method,
            String emailAddress,
            String uniqueValue,
            String commonName,
            List<String> subjectAlternativeNames) {
        form.put(DCV_METHOD, method == null ? properties.dcvMethod() : method.name());
        if (method == DcvMethod.EMAIL) {
            putIfPresent(form, DCV_EMAIL_ADDRESS, emailAddress);
        }
        putIfPresent(form, UNIQUE_VALUE, uniqueValue);
        putDomainNames(form, commonName, subjectAlternativeNames, methodOrConfigured(method), emailAddress);
    }

    private DcvMethod methodOrConfigured(DcvMethod method) {
        if (method != null) {
            return method;
        }
        try {
            return properties.dcvMethod() == null
                    ? null
                    : DcvMethod.valueOf(properties.dcvMethod().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The common name and each SAN, lower case, each once, in the order given. */
    static List<String> certificateNames(String commonName, List<String> subjectAlternativeNames) {
        List<String> names = new ArrayList<>();
        List<String> given = new ArrayList<>();
        given.add(commonName);
        if (subjectAlternativeNames != null) {
            given.addAll(subjectAlternativeNames);
        }
        for (String name : given) {
            String text = trimToNull(name);
            if (text != null && !names.contains(text.toLowerCase(Locale.ROOT))) {
                names.add(text.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** One dcvEmailAddresses entry: the approver address for EMAIL, else the method's word; null when unknown. */
    private static String mdcDcvValue(DcvMethod method, String approverEmail) {
        if (method == null) {
            return null;
        }
        return switch (method) {
            case EMAIL -> trimToNull(approverEmail);
            case HTTP_CSR_HASH -> MDC_DCV_HTTP_CSR_HASH;
            case HTTPS_CSR_HASH -> MDC_DCV_HTTPS_CSR_HASH;
            case CNAME_CSR_HASH -> MDC_DCV_CNAME_CSR_HASH;
        };
    }

    /**
     * Splits a requester's name into forename and surname at the first space, so that Dutch surnames with
     * particles stay whole ("Jan van der Berg" gives "Jan" / "van der Berg"). A single word is used for both.
     */
    static String[] splitName(String fullName) {
        String name = fullName == null ? "" : fullName.trim().replaceAll("\\s+", " ");
        if (name.isEmpty()) {
            return new String[] {null, null};
        }
        int space = name.indexOf(' ');
        if (space < 0) {
            return new String[] {name, name};
        }
        return new String[] {name.substring(0, space), name.substring(space + 1)};
    }

    // ------------------------------------------------------------------ cancel

    @Override
    public void cancel(String caOrderNumber, String reason) {
        requireOrderNumber(CALL_AUTO_REVOKE_SSL, caOrderNumber);
        String comment = reason == null || reason.isBlank() ? "Cancelled by the customer" : reason.trim();
        if (comment.length() > REVOCATION_REASON_MAX_LENGTH) {
            comment = comment.substring(0, REVOCATION_REASON_MAX_LENGTH);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put(ORDER_NUMBER, caOrderNumber.trim());
        form.put(REVOCATION_REASON, comment);
        form.put(CODE_REASON, Integer.toString(codeReasonFor(reason)));

        SectigoApi.Answer answer = api.call(CALL_AUTO_REVOKE_SSL, PATH_AUTO_REVOKE_SSL, form);
        int code = answer.errorCode();
        if (code == OK) {
            LOG.info("Sectigo AutoRevokeSSL cancelled/revoked order {}", caOrderNumber);
            return;
        }
        if (REVOKE_ALREADY_DONE_CODES.contains(code)) {
            LOG.info("Sectigo AutoRevokeSSL: order {} already cancelled/revoked ({})", caOrderNumber, code);
            return;
        }
        if (code == ERR_BEING_ISSUED) {
            throw api.unavailable(
                    CALL_AUTO_REVOKE_SSL,
                    code + " " + api.scrub(answer.errorText()),
                    "the certificate is being issued; the cancellation is retried with back-off",
                    null);
        }
        throw failure(CALL_AUTO_REVOKE_SSL, answer, "refused to cancel order " + caOrderNumber);
    }

    /**
     * The RFC 5280 reason code for a cancel reason: a reason that starts with keyCompromise (1),
     * affiliationChanged (3), superseded (4) or cessationOfOperation (5) (any case, spaces/underscores/dashes
     * ignored, e.g. "key compromise: laptop stolen") gives that code; anything else 0 (unspecified).
     */
    public static int codeReasonFor(String reason) {
        if (reason == null) {
            return CODE_REASON_UNSPECIFIED;
        }
        String normal = reason.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
        if (normal.startsWith("keycompromise")) {
            return CODE_REASON_KEY_COMPROMISE;
        }
        if (normal.startsWith("affiliationchanged")) {
            return CODE_REASON_AFFILIATION_CHANGED;
        }
        if (normal.startsWith("superseded")) {
            return CODE_REASON_SUPERSEDED;
        }
        if (normal.startsWith("cessationofoperation")) {
            return CODE_REASON_CESSATION_OF_OPERATION;
        }
        return CODE_REASON_UNSPECIFIED;
    }

    // ------------------------------------------------------------------ reissue

    /**
     * AutoReplaceSSL on the order: a new certificate from the CSR (Sectigo's docs: "it will not necessarily revoke
     * any previous certificate(s) on the order" — certflow revokes the replaced one itself, see {@link #revoke}).
     */
    @Override
    public CaSubmission replace(CaReissueRequest request) {
        Objects.requireNonNull(request, "request");
        requireOrderNumber(CALL_AUTO_REPLACE_SSL, request.caOrderNumber());
        Map<String, String> form = new LinkedHashMap<>();
        form.put(ORDER_NUMBER, request.caOrderNumber().trim());
        form.put(CSR, nullToEmpty(request.csrPem()));
        form.put(SERVER_SOFTWARE, SERVER_SOFTWARE_OTHER);
        putDcv(
                form,
                request.dcvMethod(),
                request.dcvEmailAddress(),
                request.uniqueValue(),
                request.commonName(),
                request.subjectAlternativeNames());
        form.put(SHOW_CERTIFICATE_ID, YES);
        SectigoApi.Answer answer = api.call(CALL_AUTO_REPLACE_SSL, PATH_AUTO_REPLACE_SSL, form);
        int code = answer.errorCode();
        if (code == OK || code == OK_PAYMENT_REQUIRED) {
            String certificateId = trimToNull(answer.get(CERTIFICATE_ID));
            LOG.info(
                    "Sectigo AutoReplaceSSL accepted a reissue of order {} (orderNumber {}, certificateID {})",
                    request.orderId(),
                    request.caOrderNumber(),
                    certificateId);
            return new CaSubmission(request.caOrderNumber().trim(), certificateId);
        }
        throw failure(CALL_AUTO_REPLACE_SSL, answer, "refused to reissue order " + request.caOrderNumber());
    }

    /** AutoRevokeSSL for one certificate: by certificateID when known, else by serial number. */
    @Override
    public void revoke(CaRevocation revocation) {
        Objects.requireNonNull(revocation, "revocation");
        Map<String, String> form = new LinkedHashMap<>();
        if (trimToNull(revocation.certificateId()) != null) {
            form.put(CERTIFICATE_ID, revocation.certificateId().trim());
        } else if (trimToNull(revocation.serialNumber()) != null) {
            form.put(SERIAL_NUMBER, revocation.serialNumber().trim());
        } else {
            throw new CaRefusedException("Sectigo AutoRevokeSSL not called: no certificateID or serial number");
        }
        String comment = revocation.reason() == null || revocation.reason().isBlank()
                ? "Superseded"
                : revocation.reason().trim();
        form.put(
                REVOCATION_REASON,
                comment.length() > REVOCATION_REASON_MAX_LENGTH
                        ? comment.substring(0, REVOCATION_REASON_MAX_LENGTH)
                        : comment);
        form.put(
                CODE_REASON,
                Integer.toString(revocation.keyCompromise() ? CODE_REASON_KEY_COMPROMISE : CODE_REASON_SUPERSEDED));
        SectigoApi.Answer answer = api.call(CALL_AUTO_REVOKE_SSL, PATH_AUTO_REVOKE_SSL, form);
        int code = answer.errorCode();
        if (code == OK || REVOKE_ALREADY_DONE_CODES.contains(code)) {
            LOG.info(
                    "Sectigo AutoRevokeSSL revoked certificate {} of order {}",
                    form.values().iterator().next(),
                    revocation.caOrderNumber());
            return;
        }
        throw failure(
                CALL_AUTO_REVOKE_SSL, answer, "refused to revoke a certificate of order " + revocation.caOrderNumber());
    }

    // ------------------------------------------------------------------ collect

    @Override
    public CaStatus collect(String caOrderNumber) {
        requireOrderNumber(CALL_COLLECT_SSL, caOrderNumber);
        Map<String, String> form = new LinkedHashMap<>();
        form.put(ORDER_NUMBER, caOrderNumber.trim());
        form.put(QUERY_TYPE, QUERY_TYPE_STATUS_AND_CERTIFICATES);
        form.put(SHOW_VALIDITY_PERIOD, YES);
        form.put(SHOW_EXT_STATUS, YES);
        form.put(SHOW_FQDN, YES);
        form.put(SHOW_MDC_DOMAIN_DETAILS, YES);
        form.put(RESPONSE_TYPE, RESPONSE_TYPE_INDIVIDUALLY_ENCODED);
        form.put(RESPONSE_ENCODING, RESPONSE_ENCODING_BASE64);

        SectigoApi.Answer answer = collectSerialised(form);
        int code = answer.errorCode();
        if (code < 0) {
            throw failure(CALL_COLLECT_SSL, answer, "refused to report order " + caOrderNumber);
        }
        return toStatus(caOrderNumber, answer);
    }

    private SectigoApi.Answer collectSerialised(Map<String, String> form) {
        try {
            collectLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw api.unavailable(CALL_COLLECT_SSL, "interrupted while waiting for the previous CollectSSL", e);
        }
        try {
            return api.call(CALL_COLLECT_SSL, PATH_COLLECT_SSL, form);
        } finally {
            collectLock.unlock();
        }
    }

    private CaStatus toStatus(String orderNumber, SectigoApi.Answer answer) {
        String status = trimToNull(answer.get(CERTIFICATE_STATUS));
        String statusKey = status == null ? "" : status.toLowerCase(Locale.ROOT);
        String pem = trimToNull(answer.get(CERTIFICATE));

        if (statusKey.startsWith(STATUS_REJECTED.toLowerCase(Locale.ROOT))) {
            return new CaStatus(CaState.REJECTED, status, null);
        }
        if (statusKey.startsWith(STATUS_REVOKED.toLowerCase(Locale.ROOT))) {
            return new CaStatus(CaState.REVOKED, status, certificateOrNull(orderNumber, answer));
        }
        if (statusKey.startsWith(STATUS_EXPIRED.toLowerCase(Locale.ROOT))) {
            return new CaStatus(CaState.EXPIRED, status, certificateOrNull(orderNumber, answer));
        }
        boolean available = answer.errorCode() >= 1;
        if (pem != null && (available || statusKey.startsWith(STATUS_VALID.toLowerCase(Locale.ROOT)))) {
            return new CaStatus(
                    CaState.ISSUED, status == null ? STATUS_VALID : status, certificate(orderNumber, answer));
        }
        String detail = status != null
                ? status
                : answer.errorCode() == COLLECT_BEING_PROCESSED
                        ? "Being processed by Sectigo"
                        : "Certificate not yet available";
        return new CaStatus(CaState.PENDING, detail, null, dcvStatuses(answer));
    }

    /**
     * What CollectSSL says of each domain's validation: the numbered pairs {@code N_domainName} / {@code N_dcvStatus}
     * (multi-domain orders, showMDCDomainDetails=Y), else the order's {@code dcvStatus} for its {@code fqdn}. Field
     * names: see {@link SectigoFields#DCV_STATUS} and {@link SectigoFields#MDC_DOMAIN_NAME_SUFFIX} (Sectigo's pages
     * describe the values; the names are assumed). A status certflow cannot read is left out, so the domain keeps
     * what it had.
     */
    static Map<String, DcvStatus> dcvStatuses(SectigoApi.Answer answer) {
        Map<String, DcvStatus> states = new LinkedHashMap<>();
        for (int n = 1; ; n++) {
            String domain = trimToNull(answer.get(n + MDC_DOMAIN_NAME_SUFFIX));
            if (domain == null) {
                break;
            }
            DcvStatus state = dcvStatus(answer.get(n + MDC_DCV_STATUS_SUFFIX));
            if (state != null) {
                states.put(domain.toLowerCase(Locale.ROOT), state);
            }
        }
        if (states.isEmpty()) {
            String fqdn = trimToNull(answer.get(FQDN));
            DcvStatus state = dcvStatus(answer.get(DCV_STATUS));
            if (fqdn != null && state != null) {
                states.put(fqdn.toLowerCase(Locale.ROOT), state);
            }
        }
        return states;
    }

    /**
     * A DCV status in Sectigo's words or digits: "Validated" / 1 validated; "Not Validated", "Awaiting …", "Pending"
     * / 0 pending; anything with "fail" failed; anything else unknown (null).
     */
    static DcvStatus dcvStatus(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (text.equals("1") || text.startsWith("validated")) {
            return DcvStatus.VALIDATED;
        }
        if (text.contains("fail")) {
            return DcvStatus.FAILED;
        }
        if (text.equals("0")
                || text.startsWith("not validated")
                || text.startsWith("not yet")
                || text.startsWith("awaiting")
                || text.startsWith("pending")) {
            return DcvStatus.PENDING;
        }
        return null;
    }

    private IssuedCertificate certificateOrNull(String orderNumber, SectigoApi.Answer answer) {
        return trimToNull(answer.get(CERTIFICATE)) == null ? null : certificate(orderNumber, answer);
    }

    private IssuedCertificate certificate(String orderNumber, SectigoApi.Answer answer) {
        String pem = toPem(answer.get(CERTIFICATE));
        X509Certificate x509 = parseCertificate(orderNumber, pem);
        Instant notBefore =
                epochSecondsOr(answer.get(NOT_BEFORE), x509.getNotBefore().toInstant());
        Instant notAfter =
                epochSecondsOr(answer.get(NOT_AFTER), x509.getNotAfter().toInstant());
        String chain = trimToNull(answer.get(CA_CERTIFICATE)) == null ? null : toPem(answer.get(CA_CERTIFICATE));
        String serial = x509.getSerialNumber().toString(16).toUpperCase(Locale.ROOT);
        return new IssuedCertificate(serial, notBefore, notAfter, pem, chain);
    }

    private X509Certificate parseCertificate(String orderNumber, String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate)
                    factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | RuntimeException e) {
            throw api.unavailable(
                    CALL_COLLECT_SSL,
                    "unparseable answer (certificate of order " + orderNumber + " is not an X.509 PEM)",
                    e);
        }
    }

    /** Sectigo's Base64 may come with or without PEM armour; adds it when missing. */
    static String toPem(String value) {
        String text = value.trim().replace("\r\n", "\n");
        if (text.contains("-----BEGIN")) {
            return text.endsWith("\n") ? text : text + "\n";
        }
        String base64 = text.replaceAll("\\s", "");
        StringBuilder pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return pem.append("-----END CERTIFICATE-----\n").toString();
    }

    private static Instant epochSecondsOr(String value, Instant fallback) {
        String text = trimToNull(value);
        if (text == null) {
            return fallback;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // ------------------------------------------------------------------ DCV

    /**
     * GetDCVEmailAddressList answers text/plain: the errorCode on the first line (with the message on the next when
     * negative), then one address per line, each after a label and a tab ({@code level2_email}, ...). Every token
     * with an {@code @} after the first line is taken, in order, once.
     */
    @Override
    public List<String> approverEmails(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new CaRefusedException("Sectigo " + CALL_GET_DCV_EMAIL_ADDRESS_LIST + " not called: no domain");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put(DOMAIN_NAME, domain.trim());
        String body = api.callText(CALL_GET_DCV_EMAIL_ADDRESS_LIST, PATH_GET_DCV_EMAIL_ADDRESS_LIST, form);
        String[] lines = body.strip().split("\\r?\\n");
        int code;
        try {
            code = Integer.parseInt(lines[0].trim());
        } catch (NumberFormatException e) {
            throw api.unavailable(CALL_GET_DCV_EMAIL_ADDRESS_LIST, "unparseable answer (no errorCode line)", null);
        }
        if (code < 0) {
            String text = api.scrub(lines.length > 1 ? lines[1].trim() : "(no errorMessage)");
            Map<String, String> fields = Map.of(ERROR_CODE, Integer.toString(code), ERROR_MESSAGE, text);
            throw failure(CALL_GET_DCV_EMAIL_ADDRESS_LIST, new SectigoApi.Answer(code, fields), "refused " + domain);
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            for (String token : lines[i].trim().split("[\\s,]+")) {
                String address = token.trim().toLowerCase(Locale.ROOT);
                if (address.indexOf('@') > 0 && !addresses.contains(address)) {
                    addresses.add(address);
                }
            }
        }
        return List.copyOf(addresses);
    }

    /**
     * AutoUpdateDCV (docs.sectigo.com/sps/auto-update-dcv): a single-domain order gets {@code newMethod} (with
     * {@code newDCVEmailAddress} for EMAIL); an order with SANs names every domain in {@code domainNames} with one
     * method per domain in {@code newMethods} (and one address per domain in {@code newDCVEmailAddresses}).
     */
    @Override
    public void changeDcvMethod(CaDcvChange change) {
        Objects.requireNonNull(change, "change");
        requireOrderNumber(CALL_AUTO_UPDATE_DCV, change.caOrderNumber());
        if (change.method() == null) {
            throw new CaRefusedException("Sectigo " + CALL_AUTO_UPDATE_DCV + " not called: no DCV method");
        }
        boolean email = change.method() == DcvMethod.EMAIL;
        if (email && trimToNull(change.approverEmail()) == null) {
            throw new CaRefusedException("Sectigo " + CALL_AUTO_UPDATE_DCV + " not called: EMAIL without an address");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put(ORDER_NUMBER, change.caOrderNumber().trim());
        if (change.domains().size() <= 1) {
            form.put(NEW_METHOD, change.method().name());
            if (email) {
                form.put(NEW_DCV_EMAIL_ADDRESS, change.approverEmail().trim());
            }
        } else {
            int count = change.domains().size();
            form.put(DOMAIN_NAMES, String.join(" ", change.domains()));
            form.put(
                    NEW_METHODS,
                    String.join(",", Collections.nCopies(count, change.method().name())));
            if (email) {
                form.put(
                        NEW_DCV_EMAIL_ADDRESSES,
                        String.join(
                                " ",
                                Collections.nCopies(
                                        count, change.approverEmail().trim())));
            }
        }
        SectigoApi.Answer answer = api.call(CALL_AUTO_UPDATE_DCV, PATH_AUTO_UPDATE_DCV, form);
        if (answer.errorCode() == OK) {
            LOG.info("Sectigo AutoUpdateDCV: order {} is validated by {} now", change.caOrderNumber(), change.method());
            return;
        }
        throw failure(
                CALL_AUTO_UPDATE_DCV,
                answer,
                "refused to change the DCV method of order " + change.caOrderNumber() + " to " + change.method());
    }

    /**
     * ResendDCVEmail (docs.sectigo.com/sps/resend-dcv-email): the approval e-mail again, to {@code dcvEmailAddress}
     * when given (else Sectigo sends it where it sent it last).
     */
    @Override
    public void resendDcvEmail(String caOrderNumber, String approverEmail) {
        requireOrderNumber(CALL_RESEND_DCV_EMAIL, caOrderNumber);
        Map<String, String> form = new LinkedHashMap<>();
        form.put(ORDER_NUMBER, caOrderNumber.trim());
        putIfPresent(form, DCV_EMAIL_ADDRESS, approverEmail);
        SectigoApi.Answer answer = api.call(CALL_RESEND_DCV_EMAIL, PATH_RESEND_DCV_EMAIL, form);
        if (answer.errorCode() == OK) {
            LOG.info("Sectigo ResendDCVEmail: the approval e-mail of order {} is sent again", caOrderNumber);
            return;
        }
        throw failure(
                CALL_RESEND_DCV_EMAIL,
                answer,
                "refused to send the approval e-mail of order " + caOrderNumber + " again");
    }

    // ------------------------------------------------------------------ errors

    /** A negative errorCode: transient codes become CaUnavailableException, the others CaRefusedException. */
    private RuntimeException failure(String callName, SectigoApi.Answer answer, String refusal) {
        int code = answer.errorCode();
        String text = api.scrub(answer.errorText());
        if (TRANSIENT_ERROR_CODES.contains(code)) {
            LOG.warn("Sectigo {} failed with {} {}", callName, code, text);
            return api.unavailable(callName, code + " " + text, operatorHint(code), null);
        }
        LOG.info("Sectigo {} {}: {} {}", callName, refusal, code, text);
        return new CaRefusedException("Sectigo " + callName + " " + refusal + ": " + code + " " + text);
    }

    private void requireOrderNumber(String callName, String orderNumber) {
        if (orderNumber == null || orderNumber.isBlank()) {
            throw new CaRefusedException("Sectigo " + callName + " not called: no Sectigo order number");
        }
    }

    private static void putIfPresent(Map<String, String> form, String key, String value) {
        String text = trimToNull(value);
        if (text != null) {
            form.put(key, text);
        }
    }

    private static String trimToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
