package nl.certflow.ca.sectigo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A local stand-in for Sectigo's reseller API: accepts form POSTs on the three paths, checks credentials,
 * responseFormat and the required fields, and answers URL-encoded {@code key=value&...}.
 *
 * <p>By default it is stateful, like Sectigo: AutoApplySSL places an order (a resubmit with the same
 * foreignOrderNumber answers the same order), AutoRevokeSSL rejects an unissued order and revokes an issued one
 * ({@code -20} / {@code -21} once done), CollectSSL reports the order with a real certificate once issued. Tests
 * decide what Sectigo does ({@link #issue}, {@link #reject}), break it ({@link #failNext}, {@link #delayMillis}),
 * replace a call's behaviour altogether ({@link #apply}, {@link #revoke}, {@link #collect}), and send Sectigo's
 * push to certflow's webhook ({@link #push}).
 */
final class SectigoStub implements AutoCloseable {

    static final String LOGIN = "certflow-reseller";
    static final String PASSWORD = "s3cr3t&p@ss=w0rd";
    static final String DV_PRODUCT = "488";

    static final String APPLY = SectigoFields.PATH_AUTO_APPLY_SSL;
    static final String REVOKE = SectigoFields.PATH_AUTO_REVOKE_SSL;
    static final String COLLECT = SectigoFields.PATH_COLLECT_SSL;
    static final String REPORT = SectigoFields.PATH_WEB_HOST_REPORT;
    static final String REPLACE = SectigoFields.PATH_AUTO_REPLACE_SSL;
    static final String DCV_EMAILS = SectigoFields.PATH_GET_DCV_EMAIL_ADDRESS_LIST;
    static final String UPDATE_DCV = SectigoFields.PATH_AUTO_UPDATE_DCV;
    static final String RESEND_DCV_EMAIL = SectigoFields.PATH_RESEND_DCV_EMAIL;
    static final List<String> DCV_METHODS = List.of("EMAIL", "HTTP_CSR_HASH", "HTTPS_CSR_HASH", "CNAME_CSR_HASH");

    static final String PENDING_TEXT = "Awaiting Validation";
    static final String DCV_NOT_VALIDATED = "Not Validated";
    static final String DCV_VALIDATED = "Validated";

    record Recorded(String method, String path, String contentType, Map<String, String> form) {}

    record Reply(int status, String body) {

        static Reply ok(String... keysAndValues) {
            return new Reply(200, answer(keysAndValues));
        }

        static Reply error(int errorCode, String errorMessage) {
            return ok("errorCode", Integer.toString(errorCode), "errorMessage", errorMessage);
        }
    }

    /** Where and how the push goes; {@code forwardedFor} plays a reverse proxy in front of certflow (null: none). */
    record Webhook(String url, String username, String password, String forwardedFor) {}

    enum State {
        PENDING,
        ISSUED,
        REJECTED,
        REVOKED
    }

    /** An order as Sectigo keeps it. */
    static final class StubOrder {
        final String orderNumber;
        volatile String certificateId;
        final String foreignOrderNumber;
        volatile String csr;
        final int days;
        volatile State state = State.PENDING;
        volatile String statusText = PENDING_TEXT;
        volatile SectigoStubSigner.Issued certificate;
        /** The DCV method per domain as AutoApplySSL or AutoUpdateDCV set it ("" = the order's single domain). */
        final Map<String, String> dcvMethods = new ConcurrentHashMap<>();
        /** The approval e-mails Sectigo sent, to these addresses, oldest first. */
        final List<String> dcvEmailsSent = new CopyOnWriteArrayList<>();
        /**
         * Sectigo's DCV status per domain in its words ("Not Validated", "Validated"), in the order CollectSSL lists
         * them; the CSR's common name, not validated, from the start ({@link #dcvStatus} adds or changes one).
         */
        final Map<String, String> dcvStatuses = Collections.synchronizedMap(new LinkedHashMap<>());

        /** AutoApplySSL's domainNames, in order (empty for a single-domain order). */
        final List<String> domainNames;

        private StubOrder(String orderNumber, String certificateId, Map<String, String> form) {
            this.orderNumber = orderNumber;
            this.certificateId = certificateId;
            this.foreignOrderNumber = form.get("foreignOrderNumber");
            this.csr = form.get("csr");
            this.days = Integer.parseInt(form.get("days"));
            this.domainNames = domainNames(form);
            String commonName = commonName(form);
            if (!commonName.isEmpty()) {
                dcvStatuses.put(commonName, DCV_NOT_VALIDATED);
            }
            if (domainNames.isEmpty()) {
                boolean email = "EMAIL".equals(form.get("dcvMethod"));
                dcvMethods.put("", email ? "EMAIL " + form.get("dcvEmailAddress") : form.get("dcvMethod"));
                if (email) {
                    dcvEmailsSent.add(form.get("dcvEmailAddress"));
                }
                return;
            }
            // A multi-domain order: each name is validated on its own, by its dcvEmailAddresses entry (else the
            // order's dcvMethod), and CollectSSL reports each one.
            List<String> perDomain = dcvEmailAddresses(form);
            for (int i = 0; i < domainNames.size(); i++) {
                String domain = domainNames.get(i);
                String entry = perDomain.isEmpty() ? form.get("dcvMethod") : perDomain.get(i);
                String method = MDC_DCV_METHODS.getOrDefault(entry, entry);
                if (entry != null && entry.contains("@")) {
                    method = "EMAIL " + entry;
                    dcvEmailsSent.add(entry);
                }
                dcvMethods.put(domain, method);
                dcvStatuses.putIfAbsent(domain, DCV_NOT_VALIDATED);
            }
        }
    }

    /** dcvEmailAddresses' words for the CSR-hash methods (published Comodo reseller clients; see SectigoFields). */
    static final Map<String, String> MDC_DCV_METHODS =
            Map.of("HTTPCSRHASH", "HTTP_CSR_HASH", "HTTPSCSRHASH", "HTTPS_CSR_HASH", "CNAMECSRHASH", "CNAME_CSR_HASH");

    private static final List<String> APPLY_REQUIRED = List.of(
            "product",
            "days",
            "csr",
            "serverSoftware",
            "dcvMethod",
            "isCustomerValidated",
            "showCertificateID",
            "foreignOrderNumber",
            "appRepForename",
            "appRepSurname",
            "appRepEmailAddress");
    private static final List<String> APPLY_ORGANISATION_REQUIRED =
            List.of("organizationName", "streetAddress1", "localityName", "postalCode", "countryName", "companyNumber");
    private static final List<String> REPORT_REQUIRED =
            List.of("notBefore", "notAfter", "firstResultNo", "lastResultNo");
    /** AutoRevokeSSL: orderNumber, certificateID or serialNumber (checked in revokeOrder). */
    private static final List<String> REVOKE_REQUIRED = List.of("revocationReason", "codeReason");

    private static final List<String> REPLACE_REQUIRED = List.of("orderNumber", "csr");
    private static final List<String> COLLECT_REQUIRED = List.of(
            "orderNumber", "queryType", "showValidityPeriod", "showExtStatus", "responseType", "responseEncoding");
    private static final Map<Integer, String> PUSH_STATUS = Map.of(
            3,
            "Failed",
            5,
            "Failed",
            6,
            "Issued",
            7,
            "Rejected",
            8,
            "Revoked",
            9,
            "Issued",
            12,
            "Awaiting Brand Validation",
            14,
            "Replaced");

    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();

    volatile Function<Map<String, String>, Reply> apply = this::placeOrder;
    volatile Function<Map<String, String>, Reply> revoke = this::revokeOrder;
    volatile Function<Map<String, String>, Reply> collect = this::collectOrder;
    volatile Function<Map<String, String>, Reply> replace = this::replaceOrder;
    /** Certificates revoked one by one (AutoRevokeSSL with certificateID or serialNumber), as given. */
    final List<String> revokedCertificates = new CopyOnWriteArrayList<>();

    volatile Function<Map<String, String>, Reply> dcvEmails = SectigoStub::dcvEmailAddressList;
    volatile Function<Map<String, String>, Reply> updateDcv = this::updateDcvMethod;
    volatile Function<Map<String, String>, Reply> resendDcvEmail = this::resendDcvEmailOf;
    volatile long delayMillis;
    volatile Webhook webhook;

    private final Map<String, StubOrder> orders = new ConcurrentHashMap<>();
    private final Map<String, Deque<Reply>> failures = new ConcurrentHashMap<>();
    private final AtomicLong nextOrderNumber = new AtomicLong(1234567);
    private final AtomicLong nextCertificateId = new AtomicLong(987654321);
    private final SectigoStubSigner signer = new SectigoStubSigner();
    private final HttpClient pushClient =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicBoolean closed = new AtomicBoolean();

    SectigoStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(APPLY, ex -> handle(ex, APPLY_REQUIRED, f -> apply.apply(f)));
        server.createContext(REVOKE, ex -> handle(ex, REVOKE_REQUIRED, f -> revoke.apply(f)));
        server.createContext(COLLECT, ex -> handle(ex, COLLECT_REQUIRED, f -> collect.apply(f)));
        server.createContext(REPORT, ex -> handle(ex, REPORT_REQUIRED, this::reportOrders));
        server.createContext(REPLACE, ex -> handle(ex, REPLACE_REQUIRED, f -> replace.apply(f)));
        server.createContext(DCV_EMAILS, ex -> handle(ex, List.of("domainName"), f -> dcvEmails.apply(f)));
        server.createContext(UPDATE_DCV, ex -> handle(ex, List.of("orderNumber"), f -> updateDcv.apply(f)));
        server.createContext(RESEND_DCV_EMAIL, ex -> handle(ex, List.of("orderNumber"), f -> resendDcvEmail.apply(f)));
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A stub for a whole test class, started in its static initializer (hence no checked exception). */
    static SectigoStub started() {
        try {
            return new SectigoStub();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points certflow's Sectigo client at this stub, with the reseller login the stub expects. */
    void connect(DynamicPropertyRegistry registry) {
        registry.add("certflow.ca.sectigo.base-url", this::baseUrl);
        registry.add("certflow.ca.sectigo.login-name", () -> LOGIN);
        registry.add("certflow.ca.sectigo.login-password", () -> PASSWORD);
    }

    List<Recorded> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    int maxInFlight(String path) {
        return maxInFlight.getOrDefault(path, new AtomicInteger()).get();
    }

    // ------------------------------------------------------------------ test controls

    /** The next {@code count} calls to {@code path} answer {@code reply} (e.g. HTTP 500, or errorCode -14). */
    void failNext(String path, int count, Reply reply) {
        Deque<Reply> queue = failures.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < count; i++) {
                queue.add(reply);
            }
        }
    }

    /** The common name of the CSR an AutoApplySSL or AutoReplaceSSL form carries ("" without one). */
    static String commonName(Map<String, String> form) {
        try (PEMParser parser = new PEMParser(new StringReader(form.getOrDefault("csr", "")))) {
            if (!(parser.readObject() instanceof PKCS10CertificationRequest csr)) {
                return "";
            }
            RDN[] names = csr.getSubject().getRDNs(BCStyle.CN);
            return names.length == 0
                    ? ""
                    : IETFUtils.valueToString(names[0].getFirst().getValue());
        } catch (IOException e) {
            return "";
        }
    }

    /** Sectigo's order placed for our order id (foreignOrderNumber), once AutoApplySSL has been called. */
    Optional<StubOrder> orderFor(String foreignOrderNumber) {
        return orders.values().stream()
                .filter(o -> o.foreignOrderNumber.equals(foreignOrderNumber))
                .findFirst();
    }

    /** How many orders Sectigo holds for our order id: more than one would be a double submission. */
    long ordersPlacedFor(String foreignOrderNumber) {
        return orders.values().stream()
                .filter(o -> o.foreignOrderNumber.equals(foreignOrderNumber))
                .count();
    }

    StubOrder order(String orderNumber) {
        StubOrder order = orders.get(orderNumber);
        if (order == null) {
            throw new IllegalArgumentException("The stub has no order " + orderNumber);
        }
        return order;
    }

    /** Sectigo validated the order and issued a certificate for the CSR's key. */
    void issue(String orderNumber) {
        StubOrder order = order(orderNumber);
        order.certificate = signer.sign(order.csr, order.days);
        order.statusText = SectigoFields.STATUS_VALID;
        order.state = State.ISSUED;
    }

    /**
     * WebHostReport: the orders (here: all, in order number order; the stub places them all "now", inside any range
     * that includes now) from firstResultNo to lastResultNo, answered with error_code, noOfResults and per order
     * N_orderNumber and its certificate's N_1_status, N_1_certificateID, N_1_notAfter (UNIX seconds).
     */
    private Reply reportOrders(Map<String, String> form) {
        long from = Long.parseLong(form.get("notBefore"));
        long to = Long.parseLong(form.get("notAfter"));
        long now = Instant.now().getEpochSecond();
        List<StubOrder> listed = from <= now && now <= to
                ? orders.values().stream()
                        .sorted(Comparator.comparing(o -> o.orderNumber))
                        .toList()
                : List.of();
        int first = Integer.parseInt(form.get("firstResultNo"));
        int last = Math.min(Integer.parseInt(form.get("lastResultNo")), listed.size());
        List<String> fields =
                new ArrayList<>(List.of("error_code", "0", "noOfResults", Integer.toString(listed.size())));
        for (int row = first; row <= last; row++) {
            StubOrder order = listed.get(row - 1);
            fields.addAll(List.of(row + "_orderNumber", order.orderNumber));
            fields.addAll(List.of(row + "_1_status", order.statusText));
            fields.addAll(List.of(row + "_1_certificateID", order.certificateId));
            if (order.certificate != null) {
                fields.addAll(List.of(
                        row + "_1_notAfter",
                        Long.toString(order.certificate.notAfter().getEpochSecond())));
            }
        }
        return Reply.ok(fields.toArray(String[]::new));
    }

    /** Sectigo's DCV of one domain of the order is now {@code status} ("Validated", "Not Validated", ...). */
    void dcvStatus(String orderNumber, String domain, String status) {
        order(orderNumber).dcvStatuses.put(domain, status);
    }

    /** Sectigo refused the order (validation failed). */
    void reject(String orderNumber, String reason) {
        StubOrder order = order(orderNumber);
        order.statusText = SectigoFields.STATUS_REJECTED + ": " + reason;
        order.state = State.REJECTED;
    }

    /** Sends Sectigo's "Certificate Issuance Push" to {@link #webhook}; answers certflow's HTTP status. */
    int push(String orderNumber, int statusCode) {
        return push(webhook, orderNumber, statusCode);
    }

    /**
     * Sends the push as Sectigo does: a form POST with Basic credentials. The fields come from {@code statusCode},
     * not from the order's state, so a test can also send what Sectigo never said (a forged push).
     */
    int push(Webhook to, String orderNumber, int statusCode) {
        StubOrder order = orders.get(orderNumber);
        String status = PUSH_STATUS.getOrDefault(statusCode, "Unknown");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("orderNumber", orderNumber);
        fields.put("certificateID", order == null ? "1" : order.certificateId);
        fields.put("eventType", "Certificate");
        fields.put("status", status);
        fields.put("statusCode", Integer.toString(statusCode));
        fields.put("statusDesc", status);
        if (order != null && order.certificate != null && (statusCode == 6 || statusCode == 9)) {
            fields.put("certificate", order.certificate.pem());
            fields.put("caCertificate", signer.caCertificatePem());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.url()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (to.username() + ":" + to.password()).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(SectigoApi.encode(fields)));
        if (to.forwardedFor() != null) {
            request.header("X-Forwarded-For", to.forwardedFor());
        }
        try {
            return pushClient
                    .send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new IllegalStateException("Push to " + to.url() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ Sectigo's behaviour

    /** AutoApplySSL's / AutoReplaceSSL's {@code domainNames}: comma- or whitespace-separated, lower case. */
    static List<String> domainNames(Map<String, String> form) {
        String names = form.get("domainNames");
        return isBlank(names)
                ? List.of()
                : Arrays.stream(names.trim().split("[,\\s]+"))
                        .map(n -> n.toLowerCase(Locale.ROOT))
                        .toList();
    }

    /** {@code dcvEmailAddresses}: comma-separated, one per name in domainNames. */
    static List<String> dcvEmailAddresses(Map<String, String> form) {
        String entries = form.get("dcvEmailAddresses");
        return isBlank(entries)
                ? List.of()
                : Arrays.stream(entries.trim().split("\\s*,\\s*")).toList();
    }

    /**
     * What Sectigo would refuse in the names of a multi-domain AutoApplySSL or AutoReplaceSSL: a primaryDomainName
     * that is not one of the domainNames, a dcvEmailAddresses whose entries do not pair up with the domainNames, or an
     * entry that is neither an address nor a CSR-hash method; null when all is well (or no domainNames are sent).
     */
    static Reply multiDomainProblem(Map<String, String> form) {
        List<String> names = domainNames(form);
        if (names.isEmpty()) {
            return isBlank(form.get("dcvEmailAddresses")) ? null : invalid("dcvEmailAddresses");
        }
        if (new HashSet<>(names).size() != names.size()) {
            return invalid("domainNames");
        }
        String primary = form.get("primaryDomainName");
        if (!isBlank(primary) && !names.contains(primary.toLowerCase(Locale.ROOT))) {
            return invalid("primaryDomainName");
        }
        List<String> entries = dcvEmailAddresses(form);
        if (!entries.isEmpty()
                && (entries.size() != names.size()
                        || !entries.stream().allMatch(e -> e.indexOf('@') > 0 || MDC_DCV_METHODS.containsKey(e)))) {
            return invalid("dcvEmailAddresses");
        }
        return null;
    }

    private synchronized Reply placeOrder(Map<String, String> form) {
        Reply problem = multiDomainProblem(form);
        if (problem != null) {
            return problem;
        }
        StubOrder order = orderFor(form.get("foreignOrderNumber")).orElseGet(() -> {
            StubOrder placed = new StubOrder(
                    Long.toString(nextOrderNumber.getAndIncrement()),
                    Long.toString(nextCertificateId.getAndIncrement()),
                    form);
            orders.put(placed.orderNumber, placed);
            return placed;
        });
        return Reply.ok(
                "errorCode",
                "0",
                "orderNumber",
                order.orderNumber,
                "certificateID",
                order.certificateId,
                "totalCost",
                "42.00");
    }

    /**
     * AutoReplaceSSL: an issued order gets a new certificate id and CSR; it keeps reporting the certificate it holds
     * until {@link #issue} issues the replacement (docs.sectigo.com/sps/auto-replace-ssl: the old certificate is not
     * necessarily revoked).
     */
    private Reply replaceOrder(Map<String, String> form) {
        Reply problem = multiDomainProblem(form);
        if (problem != null) {
            return problem;
        }
        StubOrder order = orders.get(form.get("orderNumber"));
        if (order == null) {
            return invalidOrderNumber();
        }
        synchronized (order) {
            if (order.state != State.ISSUED) {
                return invalidOrderNumber();
            }
            order.csr = form.get("csr");
            order.certificateId = Long.toString(nextCertificateId.getAndIncrement());
            return Reply.ok("errorCode", "0", "certificateID", order.certificateId);
        }
    }

    private Reply revokeOrder(Map<String, String> form) {
        String single = !isBlank(form.get("certificateID")) ? form.get("certificateID") : form.get("serialNumber");
        if (isBlank(form.get("orderNumber")) && !isBlank(single)) {
            if (revokedCertificates.contains(single)) {
                return Reply.error(-21, "The certificate has already been revoked!");
            }
            revokedCertificates.add(single);
            return Reply.ok("errorCode", "0");
        }
        if (isBlank(form.get("orderNumber"))) {
            return missing("orderNumber");
        }
        StubOrder order = orders.get(form.get("orderNumber"));
        if (order == null) {
            return invalidOrderNumber();
        }
        synchronized (order) {
            switch (order.state) {
                case REJECTED:
                    return Reply.error(-20, "The certificate has already been rejected!");
                case REVOKED:
                    return Reply.error(-21, "The certificate has already been revoked!");
                case PENDING:
                    order.statusText = SectigoFields.STATUS_REJECTED + ": " + form.get("revocationReason");
                    order.state = State.REJECTED;
                    return Reply.ok("errorCode", "0");
                default:
                    order.statusText = SectigoFields.STATUS_REVOKED;
                    order.state = State.REVOKED;
                    return Reply.ok("errorCode", "0");
            }
        }
    }

    private Reply collectOrder(Map<String, String> form) {
        StubOrder order = orders.get(form.get("orderNumber"));
        if (order == null) {
            return invalidOrderNumber();
        }
        SectigoStubSigner.Issued certificate = order.certificate;
        if (certificate == null) {
            List<String> fields = new ArrayList<>(List.of("errorCode", "0", "certificateStatus", order.statusText));
            fields.addAll(dcvFields(order, form));
            return Reply.ok(fields.toArray(String[]::new));
        }
        return Reply.ok(
                "errorCode",
                "2",
                "certificateStatus",
                order.statusText,
                "notBefore",
                Long.toString(certificate.notBefore().getEpochSecond()),
                "notAfter",
                Long.toString(certificate.notAfter().getEpochSecond()),
                "certificate",
                certificate.pem(),
                "caCertificate",
                signer.caCertificatePem());
    }

    /**
     * CollectSSL's DCV fields of a pending order: with more than one domain and showMDCDomainDetails=Y the numbered
     * pairs {@code N_domainName} / {@code N_dcvStatus}; with one domain its {@code fqdn} (showFQDN=Y) and the order's
     * {@code dcvStatus} (with showExtStatus=Y: 1 validated, 0 not).
     */
    private static List<String> dcvFields(StubOrder order, Map<String, String> form) {
        List<Map.Entry<String, String>> domains;
        synchronized (order.dcvStatuses) {
            domains = List.copyOf(order.dcvStatuses.entrySet());
        }
        List<String> fields = new ArrayList<>();
        if (domains.size() > 1 && "Y".equals(form.get("showMDCDomainDetails"))) {
            for (int i = 0; i < domains.size(); i++) {
                fields.addAll(List.of((i + 1) + "_domainName", domains.get(i).getKey()));
                fields.addAll(List.of((i + 1) + "_dcvStatus", domains.get(i).getValue()));
            }
            return fields;
        }
        if (domains.size() == 1 && "Y".equals(form.get("showFQDN"))) {
            fields.addAll(List.of("fqdn", domains.get(0).getKey()));
        }
        if (!domains.isEmpty() && "Y".equals(form.get("showExtStatus"))) {
            boolean all = domains.stream().allMatch(d -> DCV_VALIDATED.equals(d.getValue()));
            fields.addAll(List.of("dcvStatus", all ? "1" : "0"));
        }
        return fields;
    }

    /**
     * AutoUpdateDCV: a pending order gets the new method, for its single domain ({@code newMethod}, with
     * {@code newDCVEmailAddress} for EMAIL) or per domain ({@code domainNames}, {@code newMethods},
     * {@code newDCVEmailAddresses}); EMAIL sends the approval e-mail. An order no longer awaiting validation is refused.
     */
    private Reply updateDcvMethod(Map<String, String> form) {
        StubOrder order = orders.get(form.get("orderNumber"));
        if (order == null) {
            return invalidOrderNumber();
        }
        List<String> domains = isBlank(form.get("domainNames"))
                ? List.of("")
                : List.of(form.get("domainNames").trim().split(" +"));
        List<String> methods = isBlank(form.get("domainNames"))
                ? isBlank(form.get("newMethod")) ? List.of() : List.of(form.get("newMethod"))
                : isBlank(form.get("newMethods"))
                        ? List.of()
                        : List.of(form.get("newMethods").split(","));
        if (methods.isEmpty()) {
            return missing(isBlank(form.get("domainNames")) ? "newMethod" : "newMethods");
        }
        if (methods.size() != domains.size() || !DCV_METHODS.containsAll(methods)) {
            return invalid(isBlank(form.get("domainNames")) ? "newMethod" : "newMethods");
        }
        String addressField = isBlank(form.get("domainNames")) ? "newDCVEmailAddress" : "newDCVEmailAddresses";
        List<String> addresses = isBlank(form.get(addressField))
                ? List.of()
                : List.of(form.get(addressField).trim().split(" +"));
        if (methods.contains("EMAIL") && addresses.size() != domains.size()) {
            return addresses.isEmpty() ? missing(addressField) : invalid(addressField);
        }
        synchronized (order) {
            if (order.state != State.PENDING) {
                return Reply.ok(
                        "errorCode", "-4",
                        "errorMessage", "The certificate is not awaiting Domain Control Validation!",
                        "errorItem", "orderNumber");
            }
            order.dcvMethods.clear();
            for (int i = 0; i < domains.size(); i++) {
                boolean email = methods.get(i).equals("EMAIL");
                order.dcvMethods.put(domains.get(i), email ? "EMAIL " + addresses.get(i) : methods.get(i));
                if (email) {
                    order.dcvEmailsSent.add(addresses.get(i));
                }
            }
            return Reply.ok("errorCode", "0");
        }
    }

    /** ResendDCVEmail: the approval e-mail of a pending EMAIL order again, to the address given or the last one. */
    private Reply resendDcvEmailOf(Map<String, String> form) {
        StubOrder order = orders.get(form.get("orderNumber"));
        if (order == null) {
            return invalidOrderNumber();
        }
        synchronized (order) {
            if (order.state != State.PENDING || order.dcvEmailsSent.isEmpty()) {
                return Reply.ok(
                        "errorCode", "-4",
                        "errorMessage", "No DCV e-mail is awaited for this certificate!",
                        "errorItem", "orderNumber");
            }
            String address = isBlank(form.get("dcvEmailAddress"))
                    ? order.dcvEmailsSent.get(order.dcvEmailsSent.size() - 1)
                    : form.get("dcvEmailAddress");
            order.dcvEmailsSent.add(address);
            return Reply.ok("errorCode", "0");
        }
    }

    private static Reply invalid(String field) {
        return Reply.ok(
                "errorCode",
                "-4",
                "errorMessage",
                "The value of the '" + field + "' argument is invalid!",
                "errorItem",
                field);
    }

    private static Reply invalidOrderNumber() {
        return Reply.ok(
                "errorCode",
                "-4",
                "errorMessage",
                "The value of the 'orderNumber' argument is invalid!",
                "errorItem",
                "orderNumber");
    }

    // ------------------------------------------------------------------ transport

    private void handle(HttpExchange exchange, List<String> required, Function<Map<String, String>, Reply> handler)
            throws IOException {
        String path = exchange.getRequestURI().getPath();
        AtomicInteger current = inFlight.computeIfAbsent(path, p -> new AtomicInteger());
        AtomicInteger max = maxInFlight.computeIfAbsent(path, p -> new AtomicInteger());
        int now = current.incrementAndGet();
        max.accumulateAndGet(now, Math::max);
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = parse(body);
            requests.add(new Recorded(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    form));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Reply failure = nextFailure(path);
            respond(exchange, failure != null ? failure : check(exchange, path, form, required, handler));
        } finally {
            current.decrementAndGet();
            exchange.close();
        }
    }

    private Reply nextFailure(String path) {
        Deque<Reply> queue = failures.get(path);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.poll();
        }
    }

    private Reply check(
            HttpExchange exchange,
            String path,
            Map<String, String> form,
            List<String> required,
            Function<Map<String, String>, Reply> handler) {
        if (!"POST".equals(exchange.getRequestMethod())) {
            return Reply.ok("errorCode", "-17", "errorMessage", "The request was not POSTed!");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return Reply.ok("errorCode", "-14", "errorMessage", "An unknown error occurred!");
        }
        if (!LOGIN.equals(form.get("loginName")) || !PASSWORD.equals(form.get("loginPassword"))) {
            return Reply.ok(
                    "errorCode",
                    "-16",
                    "errorMessage",
                    "Incorrect login details, account is locked, password has expired, or your source IP is blocked!");
        }
        if (!"1".equals(form.get("responseFormat"))) {
            return new Reply(200, "-4\nThe value of the 'responseFormat' argument is invalid!");
        }
        for (String field : required) {
            if (isBlank(form.get(field))) {
                return missing(field);
            }
        }
        if (path.equals(APPLY) && !DV_PRODUCT.equals(form.get("product"))) {
            for (String field : APPLY_ORGANISATION_REQUIRED) {
                if (isBlank(form.get(field))) {
                    return missing(field);
                }
            }
        }
        return handler.apply(form);
    }

    /**
     * GetDCVEmailAddressList's text/plain answer: the errorCode, then one labelled address per line, tab-separated
     * (the administrative addresses at each level of the name down to the registered domain).
     */
    static Reply dcvEmailAddressList(Map<String, String> form) {
        String domain = form.get("domainName").replaceFirst("^\\*\\.", "");
        StringBuilder body = new StringBuilder("0\n");
        String[] labels = domain.split("\\.");
        for (int level = labels.length; level >= 2; level--) {
            String at = String.join(".", Arrays.copyOfRange(labels, labels.length - level, labels.length));
            for (String mailbox : List.of("admin", "administrator", "hostmaster", "postmaster", "webmaster")) {
                body.append("level")
                        .append(level)
                        .append("\t")
                        .append(mailbox)
                        .append('@')
                        .append(at)
                        .append('\n');
            }
        }
        return new Reply(200, body.toString());
    }

    private static Reply missing(String field) {
        return Reply.ok(
                "errorCode", "-3", "errorMessage", "The '" + field + "' argument is missing!", "errorItem", field);
    }

    private static void respond(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String answer(String... keysAndValues) {
        StringJoiner joiner = new StringJoiner("&");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            joiner.add(URLEncoder.encode(keysAndValues[i], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(keysAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return joiner.toString();
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (form.putIfAbsent(key, value) != null) {
                throw new IllegalStateException("field sent twice: " + key);
            }
        }
        return form;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** Back to a healthy Sectigo for the next test of a class sharing this stub ({@link SharedSectigoApplication}). */
    void heal() {
        apply = this::placeOrder;
        revoke = this::revokeOrder;
        collect = this::collectOrder;
        dcvEmails = SectigoStub::dcvEmailAddressList;
        updateDcv = this::updateDcvMethod;
        resendDcvEmail = this::resendDcvEmailOf;
        delayMillis = 0;
        failures.clear();
    }

    /** Sectigo is healthy again: scripted failures not yet answered are dropped. */
    void recover() {
        failures.clear();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
